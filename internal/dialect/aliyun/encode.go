package aliyun

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
)

// format is the encoding of a response, JSON or XML.
type format int

const (
	formatXML format = iota
	formatJSON
)

const (
	contentTypeJSON = "application/json;charset=utf-8"
	// The new SDK parses an XML error body only under exactly this type.
	contentTypeXML = "text/xml;charset=utf-8"
)

// chooseFormat applies reference 2.3: an explicit Format parameter wins;
// otherwise an ACS3-signed request or one that accepts JSON gets JSON;
// otherwise XML, the documented default. An unknown Format value gets XML
// here and is refused later as an invalid parameter.
func chooseFormat(r *http.Request, p params) format {
	switch strings.ToUpper(p.get("Format")) {
	case "JSON":
		return formatJSON
	case "XML":
		return formatXML
	}
	if strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-") || strings.Contains(r.Header.Get("Accept"), "application/json") {
		return formatJSON
	}
	return formatXML
}

// encode renders a response body. XML responses are rooted at
// <ActionResponse>, as the vendor's are.
func encode(f format, root string, v any) ([]byte, error) {
	var b bytes.Buffer
	if f == formatJSON {
		// Vendors do not escape <, > and & as \u003c...; neither do we.
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return nil, err
		}
		return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
	}
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	if err := enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: root}}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func contentType(f format) string {
	if f == formatJSON {
		return contentTypeJSON
	}
	return contentTypeXML
}

// errorResponse is Alibaba's error envelope (reference 2.7).
type errorResponse struct {
	RequestID string `json:"RequestId" xml:"RequestId"`
	HostID    string `json:"HostId" xml:"HostId"`
	Code      string `json:"Code" xml:"Code"`
	Message   string `json:"Message" xml:"Message"`
	Recommend string `json:"Recommend" xml:"Recommend"`
}

// recommend builds the diagnosis link Alibaba puts in every error, naming
// the product the call was for (Ecs or Vpc). Its exact form is unconfirmed;
// SDKs only pass it on.
func recommend(product, code, requestID string) string {
	return "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(code) + "&product=" + product + "&requestId=" + url.QueryEscape(requestID)
}
