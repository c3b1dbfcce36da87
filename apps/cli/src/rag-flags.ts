/** The flags `rag index` and `rag ask` take besides the shared ones (`--model` is the chat model, for `ask`). */
export const RAG_FLAGS = ['store', 'embedder', 'model'] as const;

export type RagFlags = Partial<Record<(typeof RAG_FLAGS)[number], string>>;
