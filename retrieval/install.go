package retrieval

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strconv"

	"github.com/philippgille/chromem-go"

	"newsdesk/internal/text"
)

// Changing the live index: articles in (passages, postings, vectors, chromem
// documents), articles out, and the near-duplicate groups recomputed.

// install adds prepared articles (with vectors) to the index: passages,
// lexical postings, chromem documents. Each article in remove is taken out
// first. The caller must not hold ix.mu.
func (ix *Index) install(ctx context.Context, arts []*article, spans func(int) []text.Span, remove []string) error {
	return ix.installWith(ctx, arts, spans, remove, nil, nil)
}

// installWith is install; a non-nil lex is the lexical index of exactly
// these passages, in order, into an empty index (a loaded snapshot's), and
// is taken as it is instead of being built from the text. Non-nil terms are
// the articles' terms (articleTerms), computed already.
func (ix *Index) installWith(ctx context.Context, arts []*article, spans func(int) []text.Span, remove []string, lex *lexicon, terms [][]passageTerms) error {
	// Terms are computed outside the lock, in parallel.
	if lex == nil && terms == nil {
		terms = make([][]passageTerms, len(arts))
		parallel(len(arts), func(i int) { terms[i] = articleTerms(ix.analyzer, &arts[i].Article, spans(i)) })
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.groupsFresh = false
	if lex != nil {
		if len(ix.passages) != 0 {
			return fmt.Errorf("a stored lexical index can only be installed into an empty index")
		}
		ix.lex = lex
	}
	for _, id := range remove {
		ix.removeLocked(id)
	}
	docs := make([]chromem.Document, 0, 4096)
	flush := func() error {
		// AddDocuments starts a goroutine per document; a few workers that
		// each add a run of documents cost less.
		errs := make([]error, runtime.GOMAXPROCS(0))
		per := (len(docs) + len(errs) - 1) / len(errs)
		parallel(len(errs), func(w int) {
			for i := w * per; i < min((w+1)*per, len(docs)) && errs[w] == nil; i++ {
				errs[w] = ix.coll.AddDocument(ctx, docs[i])
			}
		})
		docs = docs[:0]
		return errors.Join(errs...)
	}
	for i, a := range arts {
		if old, ok := ix.byID[a.DocID]; ok { // replaced in place
			ix.removeSlotLocked(old)
		}
		aslot := len(ix.articles)
		ix.articles = append(ix.articles, a)
		ix.newSlots = append(ix.newSlots, aslot)
		ix.journal.ops = append(ix.journal.ops, journalOp{add: a})
		ix.journal.bytes += storedSize(a)
		ix.byID[a.DocID] = aslot
		a.slots = make([]uint32, len(spans(i)))
		for j, s := range spans(i) {
			slot := uint32(len(ix.passages))
			a.slots[j] = slot
			ix.passages = append(ix.passages, passage{article: int32(aslot), pos: int32(j), start: int32(s.Start), end: int32(s.End)})
			if lex == nil {
				ix.lex.add(slot, terms[i][j])
			}
			if v := ix.vecs.set(slot, a.vectors[j]); v != nil {
				a.vectors[j] = v // one copy, shared with chromem-go
			}
			docs = append(docs, chromem.Document{ID: strconv.FormatUint(uint64(slot), 10), Embedding: a.vectors[j]})
			ix.live++
			if len(docs) == cap(docs) {
				if err := flush(); err != nil {
					return fmt.Errorf("add to vector store: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("add to vector store: %w", err)
	}
	return nil
}

// removeLocked takes the article with doc_id id out of the index.
func (ix *Index) removeLocked(id string) {
	if slot, ok := ix.byID[id]; ok {
		ix.removeSlotLocked(slot)
		delete(ix.byID, id)
		ix.journal.ops = append(ix.journal.ops, journalOp{remove: id})
		ix.journal.bytes += int64(len(id)) + 2
	}
}

func (ix *Index) removeSlotLocked(aslot int) {
	a := ix.articles[aslot]
	if a == nil {
		return
	}
	if ix.inSharedGroup(aslot) {
		ix.groupsBroken = true // the group may fall apart: regroup all
	}
	ids := make([]string, len(a.slots))
	for j, s := range a.slots {
		ix.passages[s].article = -1
		ix.lex.remove(s)
		ids[j] = strconv.FormatUint(uint64(s), 10)
		ix.live--
	}
	if len(ids) > 0 {
		_ = ix.coll.Delete(context.Background(), nil, nil, ids...)
	}
	ix.articles[aslot] = nil
	ix.groupsFresh = false
}

// storedSize estimates the bytes an article takes in a segment.
func storedSize(a *article) int64 {
	n := int64(len(a.Body) + len(a.Title) + len(a.URL) + len(a.Path) + len(a.DocID) + len(a.root) + 64)
	for _, v := range a.vectors {
		n += 8 + 4*int64(len(v))
	}
	return n
}
