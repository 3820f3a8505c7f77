package retrieval

import (
	"context"
	"fmt"
	"math"

	"newsdesk/internal/text"
)

// LocalEmbedder is the default embedder: no network, no model download,
// deterministic. It hashes a text's terms (Snowball stems, stop words
// dropped) and adjacent term pairs into a fixed number of signed dimensions
// with sublinear term-frequency weights, then L2-normalises the vector
// (chromem-go ranks by dot product and assumes unit vectors).
type LocalEmbedder struct {
	dims     int
	analyzer *text.Analyzer
}

// DefaultLocalDims is the LocalEmbedder's default vector size.
const DefaultLocalDims = 256

// NewLocalEmbedder returns a LocalEmbedder of dims dimensions (0 means
// DefaultLocalDims).
func NewLocalEmbedder(dims int) *LocalEmbedder {
	if dims <= 0 {
		dims = DefaultLocalDims
	}
	return &LocalEmbedder{dims: dims, analyzer: text.NewAnalyzer(text.IndexOptions())}
}

// Model names the embedder and its version; a change here re-embeds.
func (e *LocalEmbedder) Model() string { return fmt.Sprintf("local-hash-v1-%d", e.dims) }

// Embed returns one unit vector per text. A text with no terms gets a zero
// vector's stand-in: a fixed unit vector, so it matches nothing in particular.
func (e *LocalEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	terms := make([]string, 0, 256)
	for i, t := range texts {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		terms = e.analyzer.Terms(terms[:0], t)
		out[i] = e.vector(terms)
	}
	return out, nil
}

func (e *LocalEmbedder) vector(terms []string) []float32 {
	v := make([]float32, e.dims)
	if len(terms) == 0 {
		v[0] = 1
		return v
	}
	counts := make(map[uint64]float32, len(terms)*2)
	for i, t := range terms {
		counts[hashString(t)] += 1
		if i > 0 {
			counts[hashString(terms[i-1])*31+hashString(t)] += 0.5
		}
	}
	for h, c := range counts {
		w := float32(1 + math.Log(float64(c)))
		if c < 1 {
			w = c
		}
		d := int(h % uint64(e.dims))
		if h>>63 == 1 {
			w = -w
		}
		v[d] += w
	}
	normalize(v)
	return v
}

// hashString is FNV-1a, stable across processes and versions.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
