package retrieval

import (
	"context"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/philippgille/chromem-go"
)

func randomVectors(r *rand.Rand, n, dims int, unit bool) [][]float32 {
	out := make([][]float32, n)
	for i := range out {
		v := make([]float32, dims)
		for k := range v {
			v[k] = float32(r.NormFloat64())
		}
		if unit {
			normalize(v)
		}
		out[i] = v
	}
	return out
}

// TestVectorStoreMatchesChromem checks that a vector query finds the
// passages chromem-go finds, with bit-identical similarities, in the same
// order.
func TestVectorStoreMatchesChromem(t *testing.T) {
	tests := []struct {
		name       string
		n, dims, k int
		unit       bool
		dead       []uint32
	}{
		{"small", 10, 16, 3, true, nil},
		{"odd sizes", 4099, 37, 50, true, nil},
		{"not normalised", 1000, 64, 20, false, nil},
		{"with removed", 9000, 256, 200, true, []uint32{0, 5, 4096, 8999}},
		{"k above live", 7, 8, 7, true, []uint32{3}},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(tt.n)))
			vecs := randomVectors(r, tt.n, tt.dims, tt.unit)
			coll, err := chromem.NewDB().CreateCollection("c", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			sc := vectorScan{x: &vectorStore{}, live: make([]bool, tt.n)}
			docs := make([]chromem.Document, 0, tt.n)
			for i, v := range vecs {
				sc.live[i] = sc.x.set(uint32(i), v) != nil
				docs = append(docs, chromem.Document{ID: strconv.Itoa(i), Embedding: v})
			}
			if err := coll.AddDocuments(ctx, docs, 2); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range tt.dead {
				sc.live[s] = false
				ids = append(ids, strconv.Itoa(int(s)))
			}
			if len(ids) > 0 {
				if err := coll.Delete(ctx, nil, nil, ids...); err != nil {
					t.Fatal(err)
				}
			}
			for qi, q := range randomVectors(r, 5, tt.dims, tt.unit) {
				k := min(tt.k, coll.Count())
				want, err := coll.QueryEmbedding(ctx, q, k, nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				got := sc.query(q, tt.k)
				if len(got) != len(want) {
					t.Fatalf("query %d: %d results, chromem-go %d", qi, len(got), len(want))
				}
				for i := range got {
					if strconv.Itoa(int(got[i].slot)) != want[i].ID || got[i].score != want[i].Similarity {
						t.Fatalf("query %d, rank %d: slot %d sim %v; chromem-go %s sim %v", qi, i, got[i].slot, got[i].score, want[i].ID, want[i].Similarity)
					}
				}
			}
		})
	}
}

func TestVectorStoreTiesAndEdges(t *testing.T) {
	sc := vectorScan{x: &vectorStore{}, live: make([]bool, 5)}
	v := []float32{1, 0}
	for s := range uint32(5) {
		sc.live[s] = sc.x.set(s, v) != nil
	}
	got := sc.query([]float32{1, 0}, 3)
	if len(got) != 3 || got[0].slot != 0 || got[1].slot != 1 || got[2].slot != 2 {
		t.Errorf("equal similarities ranked %v, want slots 0, 1, 2", got)
	}
	if got := sc.query([]float32{1, 0, 0}, 3); got != nil {
		t.Errorf("a query of another size found %v", got)
	}
	if got := sc.x.set(9, []float32{1, 0, 0}); got != nil {
		t.Errorf("a vector of another size was stored")
	}
	if got := sc.query(v, 0); got != nil {
		t.Errorf("n = 0 found %v", got)
	}
	if got := (vectorScan{x: &vectorStore{}}).query(v, 3); got != nil {
		t.Errorf("an empty index found %v", got)
	}
}
