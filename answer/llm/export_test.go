package llm

// NewTestChat gives the tests of package llm_test a Chat on a fake server
// with fast retries and a fixed clock (see newTestChat).
var NewTestChat = newTestChat
