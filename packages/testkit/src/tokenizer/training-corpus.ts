/**
 * The text the fixture tokenizer's merges are trained on: a few KB of varied English prose, code, numbers,
 * punctuation and a little non-ASCII, so common words become single tokens and every script the tests use is seen.
 * Changing it changes every fixture's token ids, so treat it as frozen.
 */
export const TRAINING_CORPUS = `The quick brown fox jumps over the lazy dog. The dog did not mind; it was asleep in the sun.
Once upon a time, there was a small village at the edge of a great forest. The people of the village were farmers,
and every morning they walked to their fields while the sun was still low. In the evening they came home, cooked
their dinner, and told stories by the fire. The children liked the stories about the forest the most, because the
forest was full of strange animals, old trees and secrets that nobody in the village had ever seen.

One day a young girl named Anna decided that she would find out what was hidden in the forest. She packed some
bread, an apple, a bottle of water and a small knife, and she left before anyone else was awake. The path was
narrow and the trees were tall. She walked for hours, and when she finally stopped to rest, she heard a voice.
"Who are you?" asked the voice. "I am Anna," she answered, "and I want to know what is in this forest."
"Then you will have to be patient," said the voice, "because the forest only shows its secrets to those who wait."

A language model is a program that predicts the next token in a sequence of text. It is trained on a large
amount of data, and it learns which words are likely to follow other words. When you ask it a question, it
generates an answer one token at a time. Small models can run on a phone or in a web browser, which means that
your data never has to leave your device. This is useful for privacy, for working offline, and for keeping costs low.

The weather today is sunny with a high of 24 degrees and a low of 13 degrees. Tomorrow there is a 60% chance of rain.
The meeting is scheduled for 10:30 on Monday, March 3, 2025, in room 4B. Please bring your laptop and the report.
Prices: coffee $3.50, tea $2.75, cake $4.25; total = $10.50 (including 8% tax). Call +1 (555) 012-3456 or write to
hello@example.com. Version 1.2.3 was released on 2024-11-05; version 2.0.0-beta.1 is coming soon!
Numbers: 0 1 2 3 4 5 6 7 8 9 10 11 12 100 256 512 1024 2048 4096 8192 3.14159 2.71828 -42 1e-5 0x1F 1,000,000.

Questions and answers. What is the capital of France? The capital of France is Paris. How many legs does a spider
have? A spider has eight legs. Why is the sky blue? Because air scatters blue light more than red light. Can you
help me write an email? Of course! Here is a short draft: "Dear Sam, thank you for your message. I will reply soon."
Is it true that water boils at 100 degrees? Yes, at sea level water boils at 100 degrees Celsius (212 Fahrenheit).

function add(a, b) {
  return a + b;
}

const numbers = [1, 2, 3, 4, 5];
const squares = numbers.map((n) => n * n);
console.log(\`sum: \${squares.reduce((total, n) => total + n, 0)}\`);

export async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(\`HTTP \${response.status}\`);
  return response.json();
}

def fibonacci(n):
    """Return the n-th Fibonacci number."""
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

if __name__ == "__main__":
    print([fibonacci(i) for i in range(10)])

SELECT name, COUNT(*) AS total FROM users WHERE active = 1 GROUP BY name ORDER BY total DESC LIMIT 10;
{"name": "pocketlm", "version": "0.1.0", "tags": ["llm", "on-device"], "private": true, "size": null}
<div class="card"><h1>Hello, world!</h1><p>It's a <em>small</em> page &amp; it works.</p></div>
# Heading
- item one
- item two
* [ ] a task, ~strikethrough~, **bold**, _italic_, \`code\`, and a link: https://example.org/path?q=1&x=y#top

Punctuation: "quotes", 'single', (parentheses), [brackets], {braces}, <angles>, a/b, a\\b, a|b, a^b, a~b, 50%, #1, @me.
Ellipsis... dash - en – em — and more: semicolon; colon: question? exclamation! apostrophes: don't, won't, it's, I'm,
you're, we've, they'll, she'd. Tabs	and	spaces   and
newlines.

Un café, s'il vous plaît. Le garçon a déjà mangé à midi. Crème brûlée, naïve façade, résumé, élève, été.
Über den Wolken muss die Freiheit wohl grenzenlos sein. Grüße aus München! Mädchen, Käse, schön, Straße.
¿Dónde está la biblioteca? El niño comió una manzana. Señor, año, mañana. São Paulo, coração, ação.
Москва — столица России. Привет, мир! Ελληνικά: καλημέρα. עברית: שלום. العربية: مرحبا.
日本語のテキストも少しあります。日本は東京です。こんにちは、世界！ 中文：你好，世界。 한국어: 안녕하세요.
Emoji: 🙂 😀 👍 🎉 🚀 ❤️ 🇫🇷 👩‍💻 — and symbols: © ® ™ € £ ¥ ° ± × ÷ → ← ↑ ↓ ∞ ≈ ≠ ≤ ≥ √ π Σ.

In the end, Anna waited. She sat under the oldest tree in the forest and listened. The wind moved through the
leaves, a bird sang somewhere far away, and slowly, very slowly, the forest began to speak. It told her about
the rivers and the mountains, about the animals that lived in the dark, and about the people who had lived there
long before the village was built. When she came home that night, she did not say much. But every evening after
that, when the children gathered around the fire, Anna told the best stories of all.
`;
