package pgindex

import (
	"context"
	"encoding/binary"
	"fmt"

	"newsdesk/retrieval/neardup"
)

// regroup recomputes the near-duplicate groups of all the articles when
// changed says the articles changed or some article has no group yet (one
// written by an ingest that was killed before it regrouped). A group is
// named by the smallest article id in it. The caller holds the ingest lock.
func (ix *Index) regroup(ctx context.Context, db querier, changed bool) error {
	if !changed {
		var ungrouped bool
		if err := db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM index_articles WHERE grp IS NULL)`).Scan(&ungrouped); err != nil {
			return fmt.Errorf("read the groups: %w", err)
		}
		if !ungrouped {
			return nil
		}
	}
	rows, err := db.Query(ctx, `SELECT id, sketch, grp FROM index_articles ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read the sketches: %w", err)
	}
	var ids []int64
	var old []*int64
	var sketches []neardup.Sketch
	for rows.Next() {
		var id int64
		var b []byte
		var g *int64
		if err := rows.Scan(&id, &b, &g); err != nil {
			rows.Close()
			return fmt.Errorf("read the sketches: %w", err)
		}
		ids = append(ids, id)
		old = append(old, g)
		sketches = append(sketches, sketchOf(b))
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the sketches: %w", err)
	}
	g := neardup.Group(sketches, neardup.DefaultThreshold)
	name := map[int]int64{}
	for i, gid := range g {
		if n, ok := name[gid]; !ok || ids[i] < n {
			name[gid] = ids[i]
		}
	}
	var upID, upGroup []int64
	for i, gid := range g {
		if n := name[gid]; old[i] == nil || *old[i] != n {
			upID, upGroup = append(upID, ids[i]), append(upGroup, n)
		}
	}
	if len(upID) == 0 {
		return nil
	}
	for _, c := range chunks(len(upID), func(int) int { return 24 }, ix.messageBudget()) {
		_, err = db.Exec(ctx, `UPDATE index_articles a SET grp = u.g FROM unnest($1::int8[], $2::int8[]) AS u(id, g) WHERE a.id = u.id`,
			upID[c[0]:c[1]], upGroup[c[0]:c[1]])
		if err != nil {
			return fmt.Errorf("write the groups: %w", err)
		}
	}
	return nil
}

func sketchBytes(s *neardup.Sketch) []byte {
	b := make([]byte, 4*len(s))
	for i, v := range s {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return b
}

func sketchOf(b []byte) neardup.Sketch {
	var s neardup.Sketch
	for i := range s {
		if 4*i+4 <= len(b) {
			s[i] = binary.LittleEndian.Uint32(b[4*i:])
		}
	}
	return s
}
