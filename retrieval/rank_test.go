package retrieval

import "testing"

func TestRankPoolsEvidenceByArticle(t *testing.T) {
	idf := []float64{0.2, 0.4, 0.4} // three query terms' shares
	flat := func(int32) float64 { return 1 }
	tests := []struct {
		name     string
		rp       func(*ranking)
		hits     map[int32][]lexHit // article → its passage hits
		passages map[int32]int      // article → how many passages it has
		want     int32
	}{
		{
			name: "coverage: the article holding all the question's terms wins",
			rp:   func(r *ranking) { r.focus, r.spread = 0, 0 },
			hits: map[int32][]lexHit{
				1: {{slot: 10, score: 10, terms: 0b001}},
				2: {{slot: 20, score: 9, terms: 0b111}},
			},
			passages: map[int32]int{1: 1, 2: 1},
			want:     2,
		},
		{
			name: "title coverage: the article naming the story in its title wins",
			rp:   func(r *ranking) { r.focus, r.spread, r.coverage = 0, 0, 0 },
			hits: map[int32][]lexHit{
				1: {{slot: 10, score: 10, terms: 0b111}},
				2: {{slot: 20, score: 9.5, terms: 0b111, title: 0b110}},
			},
			passages: map[int32]int{1: 1, 2: 1},
			want:     2,
		},
		{
			name: "focus: a story's own article beats a round-up with one strong passage",
			rp:   func(r *ranking) { r.spread, r.coverage, r.titleCover = 0, 0, 0 },
			hits: map[int32][]lexHit{
				1: {{slot: 10, score: 10, terms: 0b111}},
				2: {{slot: 20, score: 9, terms: 0b111}, {slot: 21, score: 8, terms: 0b111}},
			},
			passages: map[int32]int{1: 8, 2: 2},
			want:     2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rank := func(rp ranking) int32 {
				c := newCandidates()
				for _, aslot := range []int32{1, 2} {
					for _, h := range tc.hits[aslot] {
						c.addLexical(aslot, h)
					}
				}
				arts := c.rank(rp, idf, flat, func(a int32) int { return tc.passages[a] })
				return arts[0].slot
			}
			rp := defaultRanking()
			tc.rp(&rp)
			if got := rank(rp); got != tc.want {
				t.Errorf("first article %d, want %d", got, tc.want)
			}
			// Without the technique the other article wins: the test shows it.
			off := rp
			off.coverage, off.titleCover, off.focus = 0, 0, 0
			if got := rank(off); got == tc.want {
				t.Errorf("without the technique article %d still first; the case does not test it", got)
			}
		})
	}
}
