package retrieval

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Sources lists the index's sources (see Source), ordered by Root, with
// what each holds now.
func (ix *Index) Sources(ctx context.Context) ([]Source, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	counts := make(map[string]*Source, len(ix.sources))
	out := make([]Source, 0, len(ix.sources))
	for _, s := range ix.sources {
		out = append(out, Source{Root: s.Root, Kind: s.Kind, Updated: s.Updated})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Root < out[j].Root })
	for i := range out {
		counts[out[i].Root] = &out[i]
	}
	for _, a := range ix.articles {
		if a == nil {
			continue
		}
		if s := counts[a.root]; s != nil {
			s.Articles++
			s.Passages += len(a.slots)
		}
	}
	return out, ctx.Err()
}

// RemoveSource forgets the source root (normalised by NormaliseRoot) and
// every article read from it, and saves the index, under the writer lock as
// Ingest. A root that is not a source is an error wrapping
// ErrUnknownSource.
func (ix *Index) RemoveSource(ctx context.Context, root string) (IngestStats, error) {
	start := time.Now()
	norm, err := NormaliseRoot(root)
	if err != nil {
		return IngestStats{}, err
	}
	unlock, err := ix.lockWriter(ctx)
	if err != nil {
		return IngestStats{}, err
	}
	defer unlock()
	ix.mu.Lock()
	if _, ok := ix.sources[norm]; !ok {
		ix.mu.Unlock()
		return IngestStats{}, fmt.Errorf("%s is %w", norm, ErrUnknownSource)
	}
	var st IngestStats
	for _, a := range ix.articles {
		if a != nil && a.root == norm {
			ix.removeLocked(a.DocID)
			st.Removed++
		}
	}
	for p, f := range ix.files {
		if f.Root == norm {
			ix.setFileLocked(p, nil)
		}
	}
	ix.setSourceLocked(norm, nil)
	ix.updateGroups()
	ix.mu.Unlock()
	if err := ix.save(false); err != nil {
		return st, err
	}
	st.Articles, st.Passages = ix.Len()
	st.Duration = time.Since(start)
	return st, nil
}
