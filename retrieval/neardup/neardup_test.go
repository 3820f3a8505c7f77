package neardup

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsdesk/internal/testcorpus"
)

func TestSketchSimilarity(t *testing.T) {
	base := strings.Repeat("The council closed the Old Mill Bridge after an inspection found corroded steel supports. ", 3) +
		"Repairs will cost 2.4 million dollars and the bridge should reopen in the spring, the mayor said on Monday. " +
		"Drivers are asked to use the Elm Street crossing, which adds about ten minutes to a trip downtown."
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"identical", base, base, 1, 1},
		{"case and punctuation ignored", base, strings.ToUpper(strings.ReplaceAll(base, ",", "")), 1, 1},
		{"new ending", base, base + " The council meets again on Thursday to discuss a temporary footbridge for pedestrians.", 0.5, 1},
		{"unrelated", base, "Voters in Valley County elected a new sheriff on Tuesday, with turnout above sixty percent in most precincts.", 0, 0.1},
		{"empty is similar to nothing", "", "", 0, 0},
		{"words against empty", base, "  ...  ", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := NewSketch(tt.a), NewSketch(tt.b)
			if s := a.Similarity(&b); s < tt.min || s > tt.max {
				t.Errorf("similarity %.3f, want [%.2f, %.2f]", s, tt.min, tt.max)
			}
		})
	}
}

func TestGroupNearDuplicates(t *testing.T) {
	x := "Storm knocks out power to four thousand homes in Riverside as winds reach seventy miles an hour overnight."
	y := "The school board approved a budget of forty one million dollars by a vote of five to two on Tuesday evening."
	sk := []Sketch{NewSketch(x), NewSketch(y), NewSketch(x + " Crews expect to restore power by Friday."), NewSketch(""), NewSketch(""), NewSketch(y)}
	got := Group(sk, DefaultThreshold)
	want := []int{0, 1, 0, 2, 3, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("groups %v, want %v", got, want)
		}
	}
}

func BenchmarkNewSketch(b *testing.B) {
	dir := testcorpus.Seeds(b)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var texts []string
	total := 0
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
		total += len(t)
	}
	b.SetBytes(int64(total))
	for b.Loop() {
		for _, t := range texts {
			NewSketch(t)
		}
	}
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	keys := make([]uint64, 100_000)
	for i := range keys {
		keys[i] = rng.Uint64()
	}
	want := slices.Clone(keys)
	slices.Sort(want)
	if got := radixSort(keys); !slices.Equal(got, want) {
		t.Error("radixSort does not sort")
	}
}

// syntheticSketches returns n random sketches in which every tenth is a
// near-duplicate (similarity 0.625) of the one before it.
func syntheticSketches(n int) []Sketch {
	rng := rand.New(rand.NewPCG(3, 4))
	sk := make([]Sketch, n)
	for i := range sk {
		for j := range sk[i] {
			sk[i][j] = rng.Uint32() & 0x7FFFFFFF
		}
		if i%10 == 1 {
			copy(sk[i][:80], sk[i-1][:80])
		}
	}
	return sk
}

func TestGroupLarge(t *testing.T) {
	// Large corpora sort band keys with radixSort (tested above) instead;
	// the grouping is the same.
	sk := syntheticSketches(20_000)
	g := Group(sk, DefaultThreshold)
	groups := map[int]int{}
	for i := range g {
		groups[g[i]]++
		if i%10 == 1 && g[i] != g[i-1] {
			t.Fatalf("sketch %d not grouped with its near-duplicate %d", i, i-1)
		}
	}
	if want := len(sk) - len(sk)/10; len(groups) != want {
		t.Errorf("%d groups, want %d", len(groups), want)
	}
}

func BenchmarkGroup(b *testing.B) {
	sk := syntheticSketches(500_000)
	b.ResetTimer()
	for range b.N {
		Group(sk, DefaultThreshold)
	}
}
