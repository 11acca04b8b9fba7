package dev.paytmcheckout;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request to send exactly as it is: method, URL, every header in order, and the body's
 * UTF-8 bytes. Never re-serialize the body: the signature covers these bytes. {@link #toString()}
 * shows the method and URL only (headers and body may carry tokens or card data).
 */
public final class HttpRequest {
    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> headers;
    private final String contentType;
    private final String body;

    HttpRequest(Map<String, Object> m) {
        method = Json.string(m, "method");
        url = Json.string(m, "url");
        List<Map.Entry<String, String>> hs = new ArrayList<>();
        for (Object h : Json.list(m, "headers")) {
            List<?> pair = (List<?>) h;
            hs.add(new AbstractMap.SimpleImmutableEntry<>((String) pair.get(0), (String) pair.get(1)));
        }
        headers = Collections.unmodifiableList(hs);
        contentType = Json.string(m, "contentType");
        String b = Json.string(m, "body");
        body = b == null ? "" : b;
    }

    /** Parses the JSON of {@code ptm_request_build}. */
    public static HttpRequest fromJson(String json) {
        return new HttpRequest(Json.parseObject(json));
    }

    /** GET, POST or DELETE. */
    public String method() {
        return method;
    }

    /** The complete URL, query percent-encoded. */
    public String url() {
        return url;
    }

    /** Every header, in order ({@code Content-Type} included). */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The body's media type (repeats the Content-Type header), or null without a body. */
    public String contentType() {
        return contentType;
    }

    /** The exact body text; "" when none. */
    public String body() {
        return body;
    }

    /** The bytes to send: the body's UTF-8 encoding. */
    public byte[] bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "HttpRequest(" + method + " " + url + ")";
    }
}
