package bot

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Slack's documented example (api.slack.com/authentication/verifying-requests-from-slack).
const (
	exampleSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	exampleTS     = "1531420618"
	exampleBody   = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	exampleSig    = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
)

func exampleClock(offset time.Duration) func() time.Time {
	return func() time.Time { return time.Unix(1531420618, 0).Add(offset) }
}

func TestSignMatchesSlackExample(t *testing.T) {
	if got := Sign(exampleSecret, exampleTS, []byte(exampleBody)); got != exampleSig {
		t.Fatalf("Sign = %s, want %s", got, exampleSig)
	}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		offset time.Duration
		ts     string
		sig    string
		body   string
		want   error
	}{
		{"slack example", exampleSecret, 0, exampleTS, exampleSig, exampleBody, nil},
		{"example four minutes later", exampleSecret, 4 * time.Minute, exampleTS, exampleSig, exampleBody, nil},
		{"six minutes later is stale", exampleSecret, 6 * time.Minute, exampleTS, exampleSig, exampleBody, ErrStale},
		{"six minutes early is stale", exampleSecret, -6 * time.Minute, exampleTS, exampleSig, exampleBody, ErrStale},
		{"tampered body", exampleSecret, 0, exampleTS, exampleSig, exampleBody + "x", ErrBadSignature},
		{"wrong secret", "another-secret", 0, exampleTS, exampleSig, exampleBody, ErrBadSignature},
		{"no v0 prefix", exampleSecret, 0, exampleTS, exampleSig[3:], exampleBody, ErrBadSignature},
		{"not hex", exampleSecret, 0, exampleTS, "v0=zz", exampleBody, ErrBadSignature},
		{"missing signature", exampleSecret, 0, exampleTS, "", exampleBody, ErrNoSignature},
		{"missing timestamp", exampleSecret, 0, "", exampleSig, exampleBody, ErrNoSignature},
		{"timestamp not a number", exampleSecret, 0, "soon", exampleSig, exampleBody, ErrNoSignature},
		{"no secret configured", "", 0, exampleTS, exampleSig, exampleBody, ErrNoSecret},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &Verifier{Secret: tt.secret, Now: exampleClock(tt.offset)}
			err := v.VerifyValues(tt.ts, tt.sig, []byte(tt.body))
			if !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	f.Add(exampleTS, exampleSig, []byte(exampleBody))
	f.Add("", "", []byte{})
	f.Add("-99999999999999999999", "v0=", []byte("x"))
	f.Add(exampleTS, "v0=a2114d57", []byte(exampleBody))
	v := &Verifier{Secret: exampleSecret, Now: exampleClock(0)}
	f.Fuzz(func(t *testing.T, ts, sig string, body []byte) {
		err := v.VerifyValues(ts, sig, body) // must not panic
		if err == nil && "v0="+strings.ToLower(strings.TrimPrefix(sig, "v0=")) != Sign(exampleSecret, ts, body) {
			t.Fatalf("accepted a signature that is not the body's: ts=%q sig=%q", ts, sig)
		}
		// A correct signature for a fresh timestamp always verifies.
		fresh := strconv.FormatInt(exampleClock(0)().Unix(), 10)
		if err := v.VerifyValues(fresh, Sign(exampleSecret, fresh, body), body); err != nil {
			t.Fatalf("rejected a good signature: %v", err)
		}
	})
}
