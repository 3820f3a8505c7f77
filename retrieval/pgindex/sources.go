package pgindex

import (
	"context"
	"fmt"
	"time"

	"newsdesk/retrieval"
)

// Sources lists the index's sources (see retrieval.Source), ordered by
// root.
func (ix *Index) Sources(ctx context.Context) ([]retrieval.Source, error) {
	rows, err := ix.pool.Query(ctx, `SELECT s.root, s.kind, s.updated, count(a.id), coalesce(sum(a.passages), 0)
		FROM index_sources s LEFT JOIN index_articles a ON a.root = s.root
		GROUP BY s.root, s.kind, s.updated ORDER BY s.root`)
	if err != nil {
		return nil, fmt.Errorf("list the sources: %w", err)
	}
	defer rows.Close()
	var out []retrieval.Source
	for rows.Next() {
		var s retrieval.Source
		if err := rows.Scan(&s.Root, &s.Kind, &s.Updated, &s.Articles, &s.Passages); err != nil {
			return nil, fmt.Errorf("list the sources: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// RemoveSource forgets the source root (normalised as Ingest normalises
// it) and every article read from it, under the ingest lock. It returns
// the articles removed and what is left.
func (ix *Index) RemoveSource(ctx context.Context, root string) (retrieval.IngestStats, error) {
	start := time.Now()
	root, err := retrieval.NormaliseRoot(root)
	if err != nil {
		return retrieval.IngestStats{}, err
	}
	conn, err := ix.pool.Acquire(ctx)
	if err != nil {
		return retrieval.IngestStats{}, fmt.Errorf("connect: %w", err)
	}
	unlock, err := lockIngest(ctx, conn)
	if err != nil {
		conn.Release()
		return retrieval.IngestStats{}, err
	}
	defer unlock()
	var st retrieval.IngestStats
	err = ix.inTx(ctx, conn, func(tx querier) error {
		var known bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM index_sources WHERE root = $1)`, root).Scan(&known); err != nil {
			return err
		}
		if !known {
			return fmt.Errorf("%s: %w", root, retrieval.ErrUnknownSource)
		}
		var ids []string
		rows, err := tx.Query(ctx, `SELECT doc_id FROM index_articles WHERE root = $1`, root)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		st.Removed = len(ids)
		for _, c := range chunks(len(ids), func(i int) int { return 8 + len(ids[i]) }, ix.messageBudget()) {
			if err := removeArticles(ctx, tx, ids[c[0]:c[1]]); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM index_files WHERE root = $1`, root); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM index_sources WHERE root = $1`, root)
		return err
	})
	if err != nil {
		return st, fmt.Errorf("remove source %s: %w", root, err)
	}
	if err := ix.regroup(ctx, conn, st.Removed > 0); err != nil {
		return st, err
	}
	err = conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM index_articles), (SELECT passages FROM index_stats)`).Scan(&st.Articles, &st.Passages)
	st.Duration = time.Since(start)
	return st, err
}
