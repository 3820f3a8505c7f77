package retrieval

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestKeepBestIsSortAndCut checks the heap selection against sorting every
// hit and keeping the first n, ties included.
func TestKeepBestIsSortAndCut(t *testing.T) {
	tests := []struct {
		name    string
		hits, n int
		levels  int // distinct scores: few levels make many ties
	}{
		{"none", 0, 5, 10},
		{"fewer than n", 3, 10, 100},
		{"many", 5000, 1000, 1 << 20},
		{"ties", 2000, 100, 4},
		{"n zero", 50, 0, 10},
		{"n one", 50, 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, uint64(tt.hits)))
			var all, h []lexHit
			for _, s := range r.Perm(tt.hits) {
				x := lexHit{slot: uint32(s), score: float32(r.IntN(tt.levels)), terms: uint64(s)}
				all = append(all, x)
				h = keepBest(h, x, tt.n)
			}
			cmp := func(a, b lexHit) int { return byScore(scored{a.slot, a.score}, scored{b.slot, b.score}) }
			slices.SortFunc(all, cmp)
			all = all[:min(tt.n, len(all))]
			slices.SortFunc(h, cmp)
			if !slices.Equal(h, all) {
				t.Errorf("kept %d hits that differ from the first %d sorted", len(h), len(all))
			}
		})
	}
}
