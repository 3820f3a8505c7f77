package digest

import (
	"math"
	"sort"
	"time"

	"newsdesk/internal/news"
)

// StoryOptions tune how articles are grouped into stories.
type StoryOptions struct {
	// Threshold is the average cosine similarity (TF-IDF of title and lead)
	// between the articles of two stories above which they are one story
	// (average linkage).
	Threshold float64
	// PairThreshold is the similarity of two articles above which their
	// stories are compared at all (at most Threshold).
	PairThreshold float64
	// Window is the largest gap between two articles' dates in one story;
	// articles without a date are not held apart by it.
	Window time.Duration
	// LeadWords is how many words of the body, after the title, are compared.
	LeadWords int
}

// DefaultStoryOptions returns the tuned defaults: average similarity 0.2
// over the title and the first 120 words, articles within 3 days.
func DefaultStoryOptions() StoryOptions {
	return StoryOptions{Threshold: 0.2, PairThreshold: 0.15, Window: 72 * time.Hour, LeadWords: 120}
}

// vec is a sparse, L2-normalised term vector.
type vec map[string]float64

func (a vec) dot(b vec) float64 {
	if len(b) < len(a) {
		a, b = b, a
	}
	s := 0.0
	for t, w := range a {
		s += w * b[t]
	}
	return s
}

func (a vec) normalize() vec {
	n := 0.0
	for _, w := range a {
		n += w * w
	}
	if n == 0 {
		return a
	}
	n = math.Sqrt(n)
	for t := range a {
		a[t] /= n
	}
	return a
}

// termCounts is a bag of words; idf turns it into a vec.
type termCounts map[string]float64

// weigh turns counts into a normalised TF-IDF vector (sublinear tf).
func (tc termCounts) weigh(idf func(string) float64) vec {
	v := make(vec, len(tc))
	for t, c := range tc {
		v[t] = (1 + math.Log(c)) * idf(t)
	}
	return v.normalize()
}

// storyGroup is one cluster: article indices and its centroid (sum of the
// members' vectors, not normalised).
type storyGroup struct {
	members       []int
	centroid      vec
	first, latest time.Time // published dates; zero when none is known
}

// groupStories clusters articles into stories: candidate pairs come from an
// inverted index over rare-enough terms; near-duplicate groups are merged
// first, then pairs above PairThreshold and within the time window best
// first, each merge kept only when the average similarity between the two
// stories' articles reaches Threshold (average linkage) and the merged story
// spans at most two windows, so chains of loosely related articles do not
// form blobs. It returns the stories as lists of article indices, and each
// article's vector.
func groupStories(arts []news.Article, group func(string) int, opts StoryOptions) ([][]int, []vec) {
	vecs, df := storyVectors(arts, opts.LeadWords)
	uf := newUnionFind(len(arts), vecs, publishedDates(arts))
	if group != nil {
		mergeNearDuplicates(uf, arts, group)
	}
	for _, p := range candidatePairs(arts, vecs, df, opts) {
		mergeIfOneStory(uf, p, opts)
	}
	return uf.stories(), vecs
}

// storyVectors returns each article's TF-IDF vector over its storyText,
// and the document frequency of each term.
func storyVectors(arts []news.Article, leadWords int) ([]vec, map[string]int) {
	n := len(arts)
	bags := make([]termCounts, n)
	df := map[string]int{}
	stems := map[string]string{}
	for i := range arts {
		bags[i] = countTerms(storyText(&arts[i], leadWords), stems)
		for t := range bags[i] {
			df[t]++
		}
	}
	idf := func(t string) float64 { return math.Log(float64(n+1)/float64(df[t]+1)) + 1 }
	vecs := make([]vec, n)
	for i := range bags {
		vecs[i] = bags[i].weigh(idf)
	}
	return vecs, df
}

// publishedDates returns the articles' publication dates (zero when
// unknown).
func publishedDates(arts []news.Article) []time.Time {
	dates := make([]time.Time, len(arts))
	for i := range arts {
		dates[i] = arts[i].PublishedAt
	}
	return dates
}

// mergeNearDuplicates puts the versions of one report (same group, not
// negative) in one story.
func mergeNearDuplicates(uf *unionFind, arts []news.Article, group func(string) int) {
	byGroup := map[int]int{}
	for i := range arts {
		g := group(arts[i].DocID)
		if g < 0 {
			continue
		}
		if j, ok := byGroup[g]; ok {
			uf.union(i, j)
		} else {
			byGroup[g] = i
		}
	}
}

// storyPair is two articles (i < j) that may be of one story, and their
// similarity.
type storyPair struct {
	i, j int
	sim  float64
}

// candidatePairs returns the pairs of articles whose similarity reaches
// opts.PairThreshold and whose dates are within opts.Window, most similar
// first (ties by i, then j). Pairs are found through an inverted index;
// terms in more than a fifth of a large set carry too little to find
// stories and cost the most, so they find none.
func candidatePairs(arts []news.Article, vecs []vec, df map[string]int, opts StoryOptions) []storyPair {
	n := len(arts)
	maxDF := n
	if n > 50 {
		maxDF = n / 5
	}
	type posting struct {
		doc int
		w   float64
	}
	postings := map[string][]posting{}
	for i, v := range vecs {
		for t, w := range v {
			if df[t] <= maxDF {
				postings[t] = append(postings[t], posting{i, w})
			}
		}
	}
	var pairs []storyPair
	acc := make([]float64, n)
	var touched []int
	for i, v := range vecs {
		touched = touched[:0]
		for t, w := range v {
			for _, p := range postings[t] {
				if p.doc <= i {
					continue
				}
				if acc[p.doc] == 0 {
					touched = append(touched, p.doc)
				}
				acc[p.doc] += w * p.w
			}
		}
		for _, j := range touched {
			if acc[j] >= opts.PairThreshold && withinWindow(&arts[i], &arts[j], opts.Window) {
				pairs = append(pairs, storyPair{i, j, vecs[i].dot(vecs[j])})
			}
			acc[j] = 0
		}
	}
	sort.Slice(pairs, func(a, b int) bool {
		if pairs[a].sim != pairs[b].sim {
			return pairs[a].sim > pairs[b].sim
		}
		if pairs[a].i != pairs[b].i {
			return pairs[a].i < pairs[b].i
		}
		return pairs[a].j < pairs[b].j
	})
	return pairs
}

// mergeIfOneStory merges the stories of p's articles when together they
// span at most two windows and the average similarity between their
// articles reaches opts.Threshold.
func mergeIfOneStory(uf *unionFind, p storyPair, opts StoryOptions) {
	a, b := uf.find(p.i), uf.find(p.j)
	if a == b {
		return
	}
	ga, gb := &uf.groups[a], &uf.groups[b]
	if first, last := spanOf(ga, gb); opts.Window > 0 && last.Sub(first) > 2*opts.Window {
		return
	}
	if ga.centroid.dot(gb.centroid)/float64(len(ga.members)*len(gb.members)) >= opts.Threshold {
		uf.union(a, b)
	}
}

// withinWindow reports whether two articles are close enough in time to be
// one story. Undated articles are not held apart.
func withinWindow(a, b *news.Article, window time.Duration) bool {
	ta, tb := a.PublishedAt, b.PublishedAt
	if window <= 0 || ta.IsZero() || tb.IsZero() {
		return true
	}
	d := ta.Sub(tb)
	return d <= window && d >= -window
}

// spanOf returns the first and latest known dates of two groups together.
func spanOf(a, b *storyGroup) (first, latest time.Time) {
	first, latest = a.first, a.latest
	if first.IsZero() || (!b.first.IsZero() && b.first.Before(first)) {
		first = b.first
	}
	if b.latest.After(latest) {
		latest = b.latest
	}
	return first, latest
}

type unionFind struct {
	parent []int
	groups []storyGroup
}

func newUnionFind(n int, vecs []vec, dates []time.Time) *unionFind {
	uf := &unionFind{parent: make([]int, n), groups: make([]storyGroup, n)}
	for i := range uf.parent {
		uf.parent[i] = i
		c := make(vec, len(vecs[i]))
		for t, w := range vecs[i] {
			c[t] = w
		}
		uf.groups[i] = storyGroup{members: []int{i}, centroid: c, first: dates[i], latest: dates[i]}
	}
	return uf
}

// stories returns the members of each group, sorted, in the order of each
// group's root.
func (u *unionFind) stories() [][]int {
	var out [][]int
	for i := range u.parent {
		if u.find(i) == i {
			m := append([]int(nil), u.groups[i].members...)
			sort.Ints(m)
			out = append(out, m)
		}
	}
	return out
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union merges the groups of i and j, the smaller into the larger.
func (u *unionFind) union(i, j int) {
	a, b := u.find(i), u.find(j)
	if a == b {
		return
	}
	if len(u.groups[a].members) < len(u.groups[b].members) {
		a, b = b, a
	}
	u.parent[b] = a
	ga, gb := &u.groups[a], &u.groups[b]
	ga.members = append(ga.members, gb.members...)
	for t, w := range gb.centroid {
		ga.centroid[t] += w
	}
	ga.first, ga.latest = spanOf(ga, gb)
	*gb = storyGroup{}
}
