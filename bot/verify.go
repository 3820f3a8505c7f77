package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Errors from Verifier.Verify. All of them mean "401 Unauthorized".
var (
	ErrNoSignature  = errors.New("request has no Slack signature or timestamp")
	ErrStale        = errors.New("request timestamp is outside the 5-minute window")
	ErrBadSignature = errors.New("request signature does not match")
	ErrNoSecret     = errors.New("no signing secret is configured")
)

// SignatureWindow is how far a request's timestamp may be from now.
const SignatureWindow = 5 * time.Minute

// Verifier checks Slack's v0 request signatures: HMAC-SHA256 with the signing
// secret over "v0:{timestamp}:{body}", compared in constant time, with the
// timestamp within SignatureWindow of Now.
type Verifier struct {
	Secret string
	Now    func() time.Time // nil means time.Now
}

// Verify checks the X-Slack-Signature and X-Slack-Request-Timestamp headers
// against body. It returns nil when the request is Slack's.
func (v *Verifier) Verify(h http.Header, body []byte) error {
	return v.VerifyValues(h.Get("X-Slack-Request-Timestamp"), h.Get("X-Slack-Signature"), body)
}

// VerifyValues is Verify with the header values given directly.
func (v *Verifier) VerifyValues(timestamp, signature string, body []byte) error {
	if v.Secret == "" {
		return ErrNoSecret
	}
	if timestamp == "" || signature == "" {
		return ErrNoSignature
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrNoSignature
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	d := now().Sub(time.Unix(ts, 0))
	if d > SignatureWindow || d < -SignatureWindow {
		return ErrStale
	}
	hexSig, ok := strings.CutPrefix(signature, "v0=")
	if !ok {
		return ErrBadSignature
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return ErrBadSignature
	}
	if !hmac.Equal(got, sign(v.Secret, timestamp, body)) {
		return ErrBadSignature
	}
	return nil
}

// Sign returns the X-Slack-Signature value Slack would send for body at
// timestamp; for tests and fakes.
func Sign(secret, timestamp string, body []byte) string {
	return "v0=" + hex.EncodeToString(sign(secret, timestamp, body))
}

func sign(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte("v0:" + timestamp + ":"))
	m.Write(body)
	return m.Sum(nil)
}
