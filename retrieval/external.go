package retrieval

import (
	"math"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
)

// Seams for an index kept outside this package (retrieval/pgindex, in
// PostgreSQL): the analysis that makes the lexical index, the analysis of a
// question, and the ranking Search runs, applied to the candidates such an
// index finds. Index itself does not use them; they call the same code.

// Analysis makes an article's passages and their lexical terms exactly as
// Index does, and analyses questions as Search does. It is safe for
// concurrent use.
type Analysis struct {
	an    *text.Analyzer
	chunk ChunkOptions
}

// NewAnalysis returns the analysis of an Index with the given chunking (the
// zero value means DefaultChunkOptions).
func NewAnalysis(chunk ChunkOptions) *Analysis {
	if chunk.MaxWords == 0 {
		chunk = DefaultChunkOptions()
	}
	return &Analysis{an: text.NewAnalyzer(text.IndexOptions()), chunk: chunk}
}

// Chunk returns the spans of an article's passages. A headline-only article
// (no words in its body) gets one empty passage, so that its title field can
// be found.
func (a *Analysis) Chunk(art *news.Article) []text.Span {
	var spans []text.Span
	for _, p := range Chunk(art, a.chunk) {
		spans = append(spans, text.Span{Start: p.Start, End: p.End})
	}
	if len(spans) == 0 {
		spans = []text.Span{{Start: 0, End: 0}}
	}
	return spans
}

// PassageTerms are the lexical index terms of one passage: those of its
// article's title field (title or lede, and URL slug) and of its own text.
type PassageTerms struct {
	Title, Body []string
}

// Terms returns the lexical terms of each of an article's passages.
func (a *Analysis) Terms(art *news.Article, spans []text.Span) []PassageTerms {
	in := articleTerms(a.an, art, spans)
	out := make([]PassageTerms, len(in))
	for i, t := range in {
		out[i] = PassageTerms{Title: t.title, Body: t.body}
	}
	return out
}

// EmbedText is what is embedded for a passage: its article's title, then its
// text.
func EmbedText(art *news.Article, s text.Span) string { return embedText(art, s) }

// Fingerprint identifies the analysis: a lexical index made under another
// fingerprint must be rebuilt.
func (a *Analysis) Fingerprint() uint64 { return analysisFingerprint(a.an) }

// QueryTerm is one analysed term of a question and its weight in ranking.
type QueryTerm struct {
	Term   string
	Weight float64
}

// ParsedQuery is a question analysed for ranking: its distinct terms, the
// words the embedder gets, and how many days back its wording looks (0: not
// said).
type ParsedQuery struct {
	Terms   []QueryTerm
	Text    string
	Horizon float64
}

// ParseQuery analyses a question as Search does.
func (a *Analysis) ParseQuery(question string) ParsedQuery {
	pq := parseQuery(a.an, question)
	out := ParsedQuery{Text: pq.text, Horizon: pq.horizon, Terms: make([]QueryTerm, len(pq.terms))}
	for i, t := range pq.terms {
		out.Terms[i] = QueryTerm{Term: t.term, Weight: t.weight}
	}
	return out
}

// NormalizeQuery scales a query vector to unit length as Search does.
func NormalizeQuery(v []float32) { normalize(v) }

// BM25F are the lexical ranking's parameters: K1 saturates the combined term
// frequency; each field has a weight and a length normalisation B.
type BM25F struct {
	K1                  float64
	TitleWeight, TitleB float64
	BodyWeight, BodyB   float64
}

// SearchPlan is what a search asks of the candidate stages, for k results:
// the BM25F parameters, how many passages to take from the lexical ranking
// and from the vector ranking.
type SearchPlan struct {
	BM25F         BM25F
	LexicalDepth  int
	VectorDepth   int
	VectorRescore bool // the lexical candidates' vector similarities count
}

// PlanSearch returns Search's plan for k results.
func PlanSearch(k int) SearchPlan {
	rp := defaultRanking()
	b := rp.bm25
	return SearchPlan{
		BM25F:        BM25F{K1: b.k1, TitleWeight: b.titleWeight, TitleB: b.titleB, BodyWeight: b.bodyWeight, BodyB: b.bodyB},
		LexicalDepth: max(rp.lexDepth, 4*k), VectorDepth: max(rp.vecDepth, 4*k), VectorRescore: rp.vecRescore,
	}
}

// IDF is the inverse document frequency of a term held by df of n passages.
func IDF(df, n int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// LexicalHit is a passage the lexical ranking found: its BM25F score and
// which query terms (bit i for term i, up to 64) it holds, in all and in its
// title. Passages and articles are numbered by the caller, densely from 0;
// among equal scores the lower number ranks first.
type LexicalHit struct {
	Passage      uint32
	Article      int32
	Score        float32
	Terms, Title uint64
}

// ArticleFacts are what ranking needs to know of a candidate article.
type ArticleFacts struct {
	PublishedAt time.Time
	Passages    int // its number of passages
	Group       int // its near-duplicate group
}

// Ranked is one result of Rank: a passage (the caller's number), its score
// and its article's group.
type Ranked struct {
	Passage uint32
	Score   float64
	Group   int
}

// Candidates pools the evidence of a search by article, for Rank.
type Candidates struct{ c *candidates }

// NewCandidates returns an empty pool.
func NewCandidates() *Candidates { return &Candidates{newCandidates()} }

// AddLexical adds a passage of the lexical ranking; add them best first.
func (c *Candidates) AddLexical(h LexicalHit) {
	c.c.addLexical(h.Article, lexHit{slot: h.Passage, score: h.Score, terms: h.Terms, title: h.Title})
}

// AddVector adds a passage's vector similarity to the question.
func (c *Candidates) AddVector(article int32, passage uint32, sim float32) {
	c.c.addVector(article, passage, sim)
}

// Rank ranks the pooled candidates as Search does and returns the first k
// results, diversified. idf is each query term's inverse document frequency
// (0 for a term no passage holds); facts describes a candidate article,
// articleOf names a candidate passage's article.
func (c *Candidates) Rank(q ParsedQuery, date time.Time, k int, idf []float64, facts func(article int32) ArticleFacts, articleOf func(passage uint32) int32) []Ranked {
	rp := defaultRanking()
	w := make([]float64, len(q.Terms))
	var sum float64
	for i, t := range q.Terms {
		if i < len(idf) && idf[i] > 0 {
			w[i] = t.Weight * idf[i]
			sum += w[i]
		}
	}
	for i := range w {
		if sum > 0 {
			w[i] /= sum
		}
	}
	horizon := rp.horizon
	if rp.cues && q.Horizon > 0 {
		horizon = q.Horizon
	}
	arts := c.c.rank(rp, w, func(a int32) float64 {
		return recencyPrior(facts(a).PublishedAt, date, horizon, rp.grace)
	}, func(a int32) int { return facts(a).Passages })
	placed := diversifyOrder(c.c.passages(arts), k, rp.versionGap, articleOf, func(a int32) int { return facts(a).Group })
	out := make([]Ranked, len(placed))
	for i, p := range placed {
		out[i] = Ranked{Passage: p.s.slot, Score: float64(p.s.score), Group: p.group}
	}
	return out
}
