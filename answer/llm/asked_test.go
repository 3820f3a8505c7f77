package llm

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/news"
	"newsdesk/internal/openaifake"
)

// TestAnswerPromptSaysTheDates checks that the model is told the day the
// question is asked and the newest article's date.
func TestAnswerPromptSaysTheDates(t *testing.T) {
	fake := openaifake.New(t)
	fake.QueueChat(openaifake.Reply{Content: "Qatar brokered the talks [1]."})
	c := newTestChat(t, fake, func(o *Options) { o.Stream = false })
	asked := news.Asked{AsOf: time.Date(2022, 12, 20, 0, 0, 0, 0, time.UTC), Newest: time.Date(2022, 11, 11, 9, 0, 0, 0, time.UTC)}
	if _, err := c.Answer(context.Background(), "Who won the World Cup final?", nil, testSources(), asked, nil); err != nil {
		t.Fatal(err)
	}
	user := fake.Requests()[0].User()
	for _, want := range []string{"Today is 2022-12-20.", "The newest article in the news corpus is from 2022-11-11"} {
		if !strings.Contains(user, want) {
			t.Errorf("the prompt lacks %q:\n%s", want, user)
		}
	}
}
