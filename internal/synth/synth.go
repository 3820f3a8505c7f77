// Package synth makes synthetic news corpora of a chosen size, for
// benchmarks and for sizing a machine: articles with titles, URLs, outlets,
// bylines and dates spread over a year, whose bodies are sentences of
// English function words and a large vocabulary drawn with a Zipfian
// distribution, as in real text. It also makes questions about the articles
// it wrote. Everything is deterministic for a given seed, and article i can
// be made without making the ones before it.
package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Options shape a synthetic corpus.
type Options struct {
	// Seed makes the corpus; the same seed gives the same corpus.
	Seed uint64
	// Start is the first publication date; articles are spread over Days
	// days from it, in article order.
	Start time.Time
	Days  int
	// Vocabulary is the number of distinct content words.
	Vocabulary int
	// MinWords and MaxWords bound an article body's length in words.
	MinWords, MaxWords int
}

// DefaultOptions returns a corpus of 2022 news: 60,000 content words,
// bodies of 350 to 950 words (about 4 passages of 200 words with 50 of
// overlap).
func DefaultOptions() Options {
	return Options{
		Seed: 1, Start: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), Days: 365,
		Vocabulary: 60000, MinWords: 350, MaxWords: 950,
	}
}

// Corpus makes articles and questions. It is safe for concurrent use.
type Corpus struct {
	opts  Options
	vocab []string // the common words first, then made-up content words
	names []string // capitalised proper names
}

// New returns the Corpus of opts; zero fields take their defaults.
func New(opts Options) *Corpus {
	def := DefaultOptions()
	if opts.Start.IsZero() {
		opts.Start = def.Start
	}
	if opts.Days <= 0 {
		opts.Days = def.Days
	}
	if opts.Vocabulary <= 0 {
		opts.Vocabulary = def.Vocabulary
	}
	if opts.MinWords <= 0 {
		opts.MinWords = def.MinWords
	}
	if opts.MaxWords < opts.MinWords {
		opts.MaxWords = max(def.MaxWords, opts.MinWords)
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0x5eed))
	c := &Corpus{opts: opts}
	c.vocab = append(c.vocab, strings.Fields(commonWords)...)
	seen := make(map[string]bool, opts.Vocabulary)
	for _, w := range c.vocab {
		seen[w] = true
	}
	for len(c.vocab) < opts.Vocabulary {
		if w := madeUpWord(r, 2+r.IntN(3)); !seen[w] {
			seen[w] = true
			c.vocab = append(c.vocab, w)
		}
	}
	for len(c.names) < 2000 {
		if w := madeUpWord(r, 2+r.IntN(2)); !seen[w] {
			seen[w] = true
			c.names = append(c.names, strings.ToUpper(w[:1])+w[1:])
		}
	}
	return c
}

// Article is one synthetic article, with the fields of a corpus record.
type Article struct {
	ID, Title, URL, Source string
	PublishedAt            time.Time
	Authors                []string
	Body                   string
}

// Article returns article i of the corpus, out of n (n spreads the dates).
func (c *Corpus) Article(i, n int) Article {
	r := rand.New(rand.NewPCG(c.opts.Seed, uint64(i)+1))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(c.vocab)-1))
	g := gen{r: r, z: z, c: c}
	a := Article{ID: "syn-" + strconv.Itoa(i), Source: outlets[r.IntN(len(outlets))]}
	day := 0
	if n > 1 {
		day = i * c.opts.Days / n
	}
	a.PublishedAt = c.opts.Start.AddDate(0, 0, day).Add(time.Duration(r.IntN(86400)) * time.Second)
	a.Authors = []string{g.name() + " " + g.name()}
	if r.IntN(4) == 0 {
		a.Authors = append(a.Authors, g.name()+" "+g.name())
	}
	subject := g.name()
	topic := []string{g.content(), g.content(), g.content()}
	title := subject + " " + strings.Join(topic, " ") + " " + g.content()
	a.Title = strings.ToUpper(title[:1]) + title[1:]
	a.URL = "https://" + a.Source + "/" + a.PublishedAt.Format("2006/01/02") + "/" +
		sections[r.IntN(len(sections))] + "/" + strings.ToLower(strings.Join(append([]string{subject}, topic...), "-")) + "/index.html"
	words := c.opts.MinWords + r.IntN(c.opts.MaxWords-c.opts.MinWords+1)
	var b []byte
	for written := 0; written < words; {
		if written > 0 {
			b = append(b, "\n\n"...)
		}
		for s := 0; s < 3+r.IntN(3) && written < words; s++ {
			if s > 0 {
				b = append(b, ' ')
			}
			var k int
			b, k = g.sentence(b, subject, topic)
			written += k
		}
	}
	a.Body = string(b)
	return a
}

// Question is a question about one article of the corpus.
type Question struct {
	Text string
	Date time.Time // when it is asked: a few days after the article
	// DocID is the article the question was made from.
	DocID string
}

// Question returns question j about a corpus of n articles: its words come
// from one of the articles.
func (c *Corpus) Question(j, n int) Question {
	r := rand.New(rand.NewPCG(c.opts.Seed^0x9e3779b97f4a7c15, uint64(j)))
	i := r.IntN(max(n, 1))
	a := c.Article(i, n)
	words := strings.Fields(a.Title)
	subject := words[0]
	body := strings.Fields(a.Body)
	var picks []string
	for tries := 0; len(picks) < 3 && tries < 50; tries++ {
		w := strings.Trim(body[r.IntN(len(body))], ".,")
		if len(w) > 4 && !strings.Contains(commonWords, " "+strings.ToLower(w)+" ") {
			picks = append(picks, strings.ToLower(w))
		}
	}
	text := "What did " + subject + " say about the " + words[1] + " " + strings.Join(picks, " ") + "?"
	return Question{Text: text, Date: a.PublishedAt.AddDate(0, 0, 1+r.IntN(5)), DocID: a.ID}
}

// gen draws the words of one article.
type gen struct {
	r *rand.Rand
	z *rand.Zipf
	c *Corpus
}

func (g *gen) name() string { return g.c.names[g.r.IntN(len(g.c.names))] }

// content draws a word past the most common ones (a topic word).
func (g *gen) content() string {
	return g.c.vocab[200+g.r.IntN(min(len(g.c.vocab)-200, 5000))]
}

// sentence appends one sentence to b and returns it with its word count.
func (g *gen) sentence(b []byte, subject string, topic []string) ([]byte, int) {
	n := 8 + g.r.IntN(20)
	for k := 0; k < n; k++ {
		if k > 0 {
			b = append(b, ' ')
		}
		var w string
		switch x := g.r.IntN(100); {
		case x < 3:
			w = subject
		case x < 6:
			w = topic[g.r.IntN(len(topic))]
		case x < 9:
			w = g.name()
		case x < 11:
			w = strconv.Itoa(g.r.IntN(2000))
		default:
			w = g.c.vocab[g.z.Uint64()]
		}
		if k == 0 {
			b = append(b, strings.ToUpper(w[:1])...)
			b = append(b, w[1:]...)
		} else {
			b = append(b, w...)
		}
		if k < n-1 && g.r.IntN(12) == 0 {
			b = append(b, ',')
		}
	}
	return append(b, '.'), n
}

func madeUpWord(r *rand.Rand, syllables int) string {
	var b []byte
	for i := 0; i < syllables; i++ {
		b = append(b, onsets[r.IntN(len(onsets))]...)
		b = append(b, vowels[r.IntN(len(vowels))]...)
	}
	if r.IntN(3) == 0 {
		b = append(b, codas[r.IntN(len(codas))]...)
	}
	return string(b)
}

var (
	onsets   = strings.Fields("b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr ch sh th")
	vowels   = strings.Fields("a e i o u ai ea ou io")
	codas    = strings.Fields("n s r l t m nd st ng")
	outlets  = strings.Fields("www.dailyherald.example www.globewire.example www.metrotimes.example www.northpost.example www.citydesk.example www.valleynews.example")
	sections = strings.Fields("politics business world us health tech sport entertainment science")
)

// commonWords head the Zipfian vocabulary, most frequent first: function
// words and the everyday words of news. Spaces on both ends make a
// whole-word membership test with strings.Contains.
const commonWords = ` the of and to a in that is for on it with was as he said at by from his be an have has
are but not they this were had who their which or its been after one also more new will about when would
there people year two than first last over into some government president million time state new officials
city police company week told could years what up out percent other all can just report according three
public national country health law court team market election since under country billion workers group
during told former before while world day months news military program local early home between most
many plan second says including show made support later percent family children water energy says series
because prices since economy school power federal security season leaders issue decision case deal move
against minister business house policy found called around workers region record statement area center
services spokesperson building expected growth campaign announced rate office several members rights `
