package text

// IndexStop are English function words and question words that carry no
// topic: the search index (retrieval) leaves them out of the lexical index,
// of the local embedding and of queries.
var IndexStop = NewStopList(`a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself just me
more most my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves s t don ll re ve d m o y ain aren couldn didn doesn hadn hasn haven isn mightn
mustn needn shan shouldn wasn weren won wouldn might must shall said says say according also however
one yet via per whose`)

// QuestionStop are words that carry no topic in a question beyond Snowball's
// English stop words (IsSnowballStop): question frames, vague verbs and
// fillers. The extractive answerer leaves them out of a question's terms.
var QuestionStop = NewStopList(`what which who whom whose when where why how many much long did does do tell me please know about latest news
would could should will can might may also any there happen happened going get got say said says us let
anything something thing things currently now yet according recent recently week today yesterday ago last next
explain describe give like`)

// StoryStop are the words that say nothing of which story an article tells:
// function words, reporting verbs, weekdays. The digest leaves them out when
// it compares articles.
var StoryStop = NewStopList(`the and for are but not you all any can had her was one our out day get has him
his how man new now old see two way who boy did its let put say she too use that with have this will your from
they know want been good much some time very when come here just like long make many more only over such take than
them well were what said says would could should about after again also because before being between both each into
most other their there these those through under until where which while week year years told according people
cnn news said monday tuesday wednesday thursday friday saturday sunday last first since still even then may might`)

// StopList is a set of words a pipeline drops. The nil StopList is empty.
type StopList map[string]struct{}

// Has reports whether w is on the list.
func (l StopList) Has(w string) bool {
	_, ok := l[w]
	return ok
}

// NewStopList returns the list of the words of words, separated by spaces
// and newlines.
func NewStopList(words string) StopList {
	m := make(StopList)
	start := -1
	for i := 0; i <= len(words); i++ {
		if i == len(words) || words[i] == ' ' || words[i] == '\n' {
			if start >= 0 {
				m[words[start:i]] = struct{}{}
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return m
}
