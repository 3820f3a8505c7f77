package retrieval

import "math"

// Unit vectors. Stored and query vectors are unit length, and chromem-go
// ranks by dot product. The three helpers below are kept apart on purpose:
// each rounds differently in the last bit, and each result is on disk or
// compared with chromem-go bit for bit, so merging them would change the
// vectors (and with them rankings and snapshots).

// normalize scales v to unit length in place (a zero vector stays zero):
// the LocalEmbedder's vectors, and every query vector in Search.
func normalize(v []float32) {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	if sum == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(sum))
	for i := range v {
		v[i] *= inv
	}
}

// unitLength scales v to unit length in place; it reports false for a zero
// vector or one holding NaN or Inf. The OpenAIEmbedder checks what the
// service returns with it.
func unitLength(v []float32) bool {
	var sum float64
	for _, x := range v {
		sum += float64(x) * float64(x)
	}
	norm := math.Sqrt(sum)
	if norm == 0 || math.IsNaN(norm) || math.IsInf(norm, 0) {
		return false
	}
	for i := range v {
		v[i] = float32(float64(v[i]) / norm)
	}
	return true
}

// isUnit and unitVector are chromem-go's isNormalized and normalizeVector,
// so that a vector is normalised exactly when, and exactly as, chromem-go
// would normalise it.
func isUnit(v []float32) bool {
	var sq float64
	for _, x := range v {
		sq += float64(x) * float64(x)
	}
	return math.Abs(math.Sqrt(sq)-1) < 1e-6
}

func unitVector(v []float32) []float32 {
	var norm float32
	for _, x := range v {
		norm += x * x
	}
	norm = float32(math.Sqrt(float64(norm)))
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = x / norm
	}
	return out
}
