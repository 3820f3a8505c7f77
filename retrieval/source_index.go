package retrieval

import (
	"context"
	"errors"
)

// Sources lists the index's sources (see Source), ordered by Root.
func (ix *Index) Sources(ctx context.Context) ([]Source, error) {
	return nil, errors.New("sources are not recorded yet")
}

// RemoveSource forgets the source root and every article read from it, and
// saves the index. A root that is not a source is an error wrapping
// ErrUnknownSource.
func (ix *Index) RemoveSource(ctx context.Context, root string) (IngestStats, error) {
	return IngestStats{}, errors.New("sources are not recorded yet")
}
