/**
 * SmolLM2-Instruct's ChatML chat template, character for character: a default system prompt when the first
 * message is not a system message, `<|im_start|>role\ncontent<|im_end|>\n` per message, and
 * `<|im_start|>assistant\n` as the generation prompt.
 */
export const CHATML_CHAT_TEMPLATE =
  "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}" +
  "{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}" +
  "{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}" +
  "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";
