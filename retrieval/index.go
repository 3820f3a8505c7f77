package retrieval

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/philippgille/chromem-go"

	"newsdesk/internal/news"
	"newsdesk/internal/text"
	"newsdesk/retrieval/corpus"
	"newsdesk/retrieval/neardup"
)

// Options configure an Index.
type Options struct {
	// Dir is where the index is persisted (created if missing).
	Dir string
	// Embedder embeds passages and queries; nil means NewLocalEmbedder(0),
	// with SkipVectorQuery set.
	Embedder Embedder
	// SkipVectorQuery leaves out the query of the vector store in Search, and
	// scores by vector only the passages the lexical index finds. Set it when
	// the embedder's vectors are made of the lexical index's own terms (the
	// LocalEmbedder): then the vector store finds nothing the lexical index
	// does not, at ten times the cost.
	SkipVectorQuery bool
	Reader          corpus.ReaderOptions
	Chunk           ChunkOptions
	// EmbedBatch is how many passages go to the embedder in one call.
	EmbedBatch int
	// CheckpointEvery is how often a long ingest saves its progress, so an
	// interrupted ingest resumes where it was; 0 means 30 seconds.
	CheckpointEvery time.Duration
	// Now is the clock (for FirstSeen); nil means time.Now.
	Now func() time.Time
	// OnLockWait, when set, is called when a change (Ingest, RemoveSource)
	// waits for another writer of the index folder to finish.
	OnLockWait func()
	// FeedsDir is where feed pollers write the items of each feed source
	// (see FeedFolder); empty means Dir/feeds.
	FeedsDir string
}

// DefaultOptions returns the options for an index in ./.newsdesk with the
// local embedder.
func DefaultOptions() Options {
	return Options{
		Dir: ".newsdesk", Reader: corpus.DefaultReaderOptions(), Chunk: DefaultChunkOptions(),
		EmbedBatch: 64, CheckpointEvery: 30 * time.Second,
	}
}

// IngestStats counts what an Ingest did, by article.
type IngestStats struct {
	Added, Updated, Unchanged, Removed, Skipped int
	Articles                                    int // articles in the index afterwards
	Passages                                    int // passages in the index afterwards
	Embedded                                    int // passages embedded (not found in the index)
	SkippedInputs                               []news.Skipped
	// Notes are inputs read with a change worth saying: transcoded from
	// another encoding, invalid bytes replaced, front matter ignored.
	Notes    []news.Skipped
	Duration time.Duration
}

// IngestProgress is reported while Ingest runs.
type IngestProgress struct {
	Files, FilesDone int // corpus files found, and read (or found unchanged)
	Articles         int // articles read so far
	Embedded         int // passages embedded so far
}

// Index is the searchable corpus: articles, passages, their vectors in a
// chromem-go collection, and a lexical index. It is safe for concurrent use;
// Search runs while an Ingest reads and embeds, and waits only for the short
// moments in which the Ingest installs what it has made.
type Index struct {
	opts     Options
	embedder Embedder
	analyzer *text.Analyzer
	// fingerprint identifies the analysis that makes the lexical index; a
	// stored lexical index made by another is rebuilt at load.
	fingerprint uint64

	ingestMu sync.Mutex // one Ingest at a time

	mu       sync.RWMutex // guards the fields below
	articles []*article   // by article slot; nil once removed
	byID     map[string]int
	passages []passage // by passage slot
	lex      *lexicon
	coll     *chromem.Collection
	vecs     *vectorStore // the same vectors as coll, by slot, for queries
	files    map[string]storedFile
	groups   []int // near-duplicate group by article slot
	// groupsFresh is whether groups are those of the articles as they are
	// (regroup has run since the last change); only fresh groups are saved.
	groupsFresh bool
	// newSlots are the articles installed since the groups were fresh, and
	// groupsBroken says an article left a group of several: see groups.go.
	newSlots     []int
	groupsBroken bool
	shared       map[int]int // group → its articles, for groups of several
	live         int         // live passages
	sources      map[string]sourceRec
	journal      journal   // changes not yet saved
	disk         persisted // where the index stands on disk
}

// article is an Article with what the index keeps about it.
type article struct {
	news.Article
	root    string // its source (NormaliseRoot)
	hash    uint64
	sketch  neardup.Sketch
	slots   []uint32 // its passages, in order
	vectors [][]float32
}

// passage is a slot of the passage table.
type passage struct {
	article int32 // article slot; -1 once removed
	pos     int32
	start   int32
	end     int32
}

// Open loads the index persisted in opts.Dir, or starts an empty one there.
// An index made with another embedding model is opened empty of vectors: the
// next Ingest re-embeds every passage.
func Open(ctx context.Context, opts Options) (*Index, error) {
	if opts.Embedder == nil {
		opts.Embedder = NewLocalEmbedder(0)
		opts.SkipVectorQuery = true
	}
	if opts.EmbedBatch <= 0 {
		opts.EmbedBatch = 64
	}
	if opts.CheckpointEvery <= 0 {
		opts.CheckpointEvery = 30 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Chunk.MaxWords == 0 {
		opts.Chunk = DefaultChunkOptions()
	}
	if opts.Reader.MaxFileBytes == 0 {
		opts.Reader = corpus.DefaultReaderOptions()
	}
	ix := &Index{opts: opts, embedder: opts.Embedder, analyzer: text.NewAnalyzer(text.IndexOptions())}
	ix.fingerprint = analysisFingerprint(ix.analyzer)
	ix.reset()
	if err := ix.readState(ctx); err != nil {
		var de *damageError
		if errors.As(err, &de) {
			return nil, fmt.Errorf("open index %s: %w; delete the folder and ingest again", opts.Dir, err)
		}
		return nil, fmt.Errorf("open index %s: %w", opts.Dir, err)
	}
	return ix, nil
}

// sibling returns a new, empty Index with ix's options.
func (ix *Index) sibling() *Index {
	s := &Index{opts: ix.opts, embedder: ix.embedder, analyzer: ix.analyzer, fingerprint: ix.fingerprint}
	s.reset()
	return s
}

// adopt takes the state of other (a sibling just read) as ix's own.
func (ix *Index) adopt(other *Index) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.articles, ix.byID, ix.passages, ix.lex = other.articles, other.byID, other.passages, other.lex
	ix.coll, ix.vecs, ix.files, ix.groups = other.coll, other.vecs, other.files, other.groups
	ix.groupsFresh, ix.live, ix.sources = other.groupsFresh, other.live, other.sources
	ix.newSlots, ix.groupsBroken, ix.shared = other.newSlots, other.groupsBroken, other.shared
	ix.journal, ix.disk = other.journal, other.disk
}

func (ix *Index) reset() {
	db := chromem.NewDB()
	coll, err := db.CreateCollection("passages", nil, func(context.Context, string) ([]float32, error) {
		return nil, fmt.Errorf("passages are embedded before they are added")
	})
	if err != nil { // cannot happen for a new in-memory DB
		panic(err)
	}
	ix.coll = coll
	ix.vecs = &vectorStore{}
	ix.articles = nil
	ix.byID = make(map[string]int)
	ix.passages = nil
	ix.lex = newLexicon()
	ix.files = make(map[string]storedFile)
	ix.groups = nil
	ix.groupsFresh = false
	ix.newSlots, ix.groupsBroken, ix.shared = nil, false, map[int]int{}
	ix.live = 0
	ix.sources = make(map[string]sourceRec)
	ix.journal = journal{}
	ix.disk = persisted{}
}

// load installs a snapshot into the empty index.
func (ix *Index) load(ctx context.Context, snap *snapshot) error {
	arts := make([]*article, len(snap.Articles))
	for i := range snap.Articles {
		sa := &snap.Articles[i]
		a := &article{Article: sa.Article, root: sa.Root, hash: sa.Hash, sketch: sa.Sketch, vectors: sa.Vectors}
		arts[i] = a
	}
	spans := func(i int) []text.Span { return snap.Articles[i].Passages }
	var lex *lexicon
	if snap.Lexicon != nil && snap.Fingerprint == ix.fingerprint {
		lex = snap.Lexicon // else the analysis changed: rebuild from the text
	}
	if err := ix.installWith(ctx, arts, spans, nil, lex, nil); err != nil {
		return err
	}
	for _, f := range snap.Files {
		ix.files[f.Path] = f
	}
	for _, s := range snap.Sources {
		ix.sources[s.Root] = s
	}
	ix.journal = journal{}
	if snap.Groups != nil { // article slots are snapshot positions
		ix.setGroups(snap.Groups)
		return nil
	}
	ix.regroup()
	return nil
}

// Close releases the index. It does not save: Ingest saves what it changes.
func (ix *Index) Close() error { return nil }

// Article returns the article with the given doc_id.
func (ix *Index) Article(docID string) (news.Article, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if slot, ok := ix.byID[docID]; ok {
		return ix.articles[slot].Article, true
	}
	return news.Article{}, false
}

// Group returns the near-duplicate group of an article (see Result.Group),
// or -1 when the article is not in the index.
func (ix *Index) Group(docID string) int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if slot, ok := ix.byID[docID]; ok && slot < len(ix.groups) {
		return ix.groups[slot]
	}
	return -1
}

// Len returns the number of articles and passages in the index.
func (ix *Index) Len() (articles, passages int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID), ix.live
}

// parallel runs fn(0..n-1) on GOMAXPROCS goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}
