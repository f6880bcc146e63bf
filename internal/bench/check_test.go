package bench

import (
	"fmt"
	"strings"
	"testing"
)

// TestChecksCount: an answer that parses but holds the wrong number of
// statuses, or an error envelope, is an error, not a request counted.
func TestChecksCount(t *testing.T) {
	aliyunBody := func(n, total int) []byte {
		items := make([]string, n)
		for i := range items {
			items[i] = fmt.Sprintf(`{"InstanceId":"i-%d","Status":"Running"}`, i)
		}
		return fmt.Appendf(nil, `{"RequestId":"R","TotalCount":%d,"PageNumber":1,"PageSize":10,"InstanceStatuses":{"InstanceStatus":[%s]}}`,
			total, strings.Join(items, ","))
	}
	cases := []struct {
		name string
		err  error
		ok   bool
	}{
		{"alibaba, 10 of 250", checkAliyunStatus(aliyunBody(10, 250), 10, 250), true},
		{"alibaba, 9 of 250", checkAliyunStatus(aliyunBody(9, 250), 10, 250), false},
		{"alibaba, 10 of 251", checkAliyunStatus(aliyunBody(10, 251), 10, 250), false},
		{"alibaba, an error", checkAliyunStatus([]byte(`{"Code":"Throttling","Message":"m"}`), 10, 250), false},
		{"alibaba, not JSON", checkAliyunStatus([]byte(`<xml/>`), 10, 250), false},
		{"alibaba, a status without ID", checkAliyunStatus([]byte(`{"TotalCount":1,"InstanceStatuses":{"InstanceStatus":[{"Status":"Running"}]}}`), 1, 1), false},
		{"tencent, 1 of 3", checkTencentStatus([]byte(`{"Response":{"TotalCount":3,"InstanceStatusSet":[{"InstanceId":"ins-1","InstanceState":"RUNNING"}]}}`), 1, 3), true},
		{"tencent, an error", checkTencentStatus([]byte(`{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"m"},"RequestId":"r"}}`), 0, 0), false},
		{"zenlayer, 1 of 1", checkZenlayerStatus([]byte(`{"response":{"totalCount":1,"dataSet":[{"instanceId":"1","instanceStatus":"RUNNING"}]}}`), 1, 1), true},
		{"zenlayer, no response", checkZenlayerStatus([]byte(`{"requestId":"T","code":"X","message":"m"}`), 0, 0), false},
		{"batch, one refused", checkAliyunBatch(nil, []byte(`{"InstanceResponses":{"InstanceResponse":[{"InstanceId":"i-1","Code":"IncorrectInstanceStatus"}]}}`)), false},
		{"run, 100 made", checkAliyunRun(nil, fmt.Appendf(nil, `{"InstanceIdSets":{"InstanceIdSet":[%s]}}`, strings.TrimSuffix(strings.Repeat(`"i-x",`, 100), ","))), true},
		{"run, 99 made", checkAliyunRun(nil, fmt.Appendf(nil, `{"InstanceIdSets":{"InstanceIdSet":[%s]}}`, strings.TrimSuffix(strings.Repeat(`"i-x",`, 99), ","))), false},
	}
	for _, c := range cases {
		if (c.err == nil) != c.ok {
			t.Errorf("%s: error %v, want ok=%v", c.name, c.err, c.ok)
		}
	}
}

func TestLastPage(t *testing.T) {
	for _, c := range []struct{ total, number, length int }{{250, 25, 10}, {251, 26, 1}, {0, 1, 0}, {9, 1, 9}} {
		if n, l := lastPage(c.total, 10); n != c.number || l != c.length {
			t.Errorf("lastPage(%d) = %d, %d; want %d, %d", c.total, n, l, c.number, c.length)
		}
	}
}

func TestIDsAreWellFormed(t *testing.T) {
	if got := tencentID(35); got != "ins-0000000z" {
		t.Errorf("tencentID(35) = %s", got)
	}
	if got := aliyunID(7); got != "i-bp000000000000000007" {
		t.Errorf("aliyunID(7) = %s", got)
	}
	if got := zenlayerID(0); len(got) != 19 || got[0] == '0' {
		t.Errorf("zenlayerID(0) = %s, want 19 digits not starting with 0", got)
	}
}
