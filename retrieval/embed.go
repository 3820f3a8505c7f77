package retrieval

import "context"

// Embedder turns texts into vectors.
type Embedder interface {
	// Model names the embedding model; vectors of different models are never
	// mixed, and a change of model re-embeds the corpus.
	Model() string
	// Embed returns one L2-normalised vector per text, in the order given.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}
