package dev.paytmcheckout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON the library takes and returns, read into plain Java values: objects as
 * {@code Map<String, Object>} (member order kept), arrays as {@code List<Object>}, strings,
 * {@code Long} (integers) or {@code BigDecimal} (other numbers), {@code Boolean}, and {@code null}.
 * And back: {@link #write(Object)}. Transport only; what the values mean is the library's business.
 */
public final class Json {
    private Json() {}

    /** Parses one JSON value (the whole text). Throws {@link IllegalArgumentException} on bad JSON. */
    public static Object parse(String text) {
        Json.Parser p = new Json.Parser(text);
        p.ws();
        Object v = p.value();
        p.ws();
        if (p.i != text.length()) throw p.error("trailing text");
        return v;
    }

    /** Parses a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text) {
        Object v = parse(text);
        if (!(v instanceof Map)) throw new IllegalArgumentException("not a JSON object");
        return (Map<String, Object>) v;
    }

    /** Writes a value: Map (keys as strings), Iterable, array of Object, CharSequence, Number, Boolean, null. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    /** A JSON object of string (or null) values, in the map's iteration order. */
    public static String writeStringMap(Map<String, String> map) {
        StringBuilder sb = new StringBuilder(map.size() * 24 + 2).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            string(sb, e.getKey());
            sb.append(':');
            if (e.getValue() == null) sb.append("null");
            else string(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof CharSequence) {
            string(sb, v.toString());
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte || v instanceof BigDecimal || v instanceof java.math.BigInteger) {
            sb.append(v.toString());
        } else if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("not a JSON number: " + d);
            sb.append(new BigDecimal(d).toString());
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) sb.append(',');
                first = false;
                string(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable || v instanceof Object[]) {
            Iterable<?> it = v instanceof Iterable ? (Iterable<?>) v : java.util.Arrays.asList((Object[]) v);
            sb.append('[');
            boolean first = true;
            for (Object o : it) {
                if (!first) sb.append(',');
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    /**
     * JSON's two-character escapes, both ways: a backslash and the letter at index k of ESCAPES
     * stand for the character at index k of ESCAPED. The writer escapes all but '/'.
     */
    private static final String ESCAPES = "\"\\/bfnrt";
    private static final String ESCAPED = "\"\\/\b\f\n\r\t";

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int k = c == '/' ? -1 : ESCAPED.indexOf(c);
            if (k >= 0) sb.append('\\').append(ESCAPES.charAt(k));
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c); // lone surrogates become U+FFFD when encoded to UTF-8
        }
        sb.append('"');
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("bad JSON at " + i + ": " + what);
        }

        void ws() {
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') i++;
                else break;
            }
        }

        Object value() {
            if (i >= s.length()) throw error("end of text");
            char c = s.charAt(i);
            switch (c) {
                case '{': return object();
                case '[': return array();
                case '"': return string();
                case 't': return literal("true", Boolean.TRUE);
                case 'f': return literal("false", Boolean.FALSE);
                case 'n': return literal("null", null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) return number();
                    throw error("unexpected '" + c + "'");
            }
        }

        Object literal(String word, Object v) {
            if (!s.startsWith(word, i)) throw error("expected " + word);
            i += word.length();
            return v;
        }

        /** Steps over an opening bracket and white space: true, the closing one stepped over too, when the container is empty. */
        boolean empty(char close) {
            i++;
            ws();
            if (i < s.length() && s.charAt(i) == close) {
                i++;
                return true;
            }
            return false;
        }

        /** After a member or an element: true at the closing bracket, false at a comma (both stepped over). */
        boolean closed(char close, String container) {
            ws();
            if (i >= s.length()) throw error("end of text in " + container);
            char c = s.charAt(i++);
            if (c == close) return true;
            if (c != ',') throw error("expected ',' or '" + close + "'");
            return false;
        }

        Map<String, Object> object() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (empty('}')) return m;
            while (true) {
                ws();
                if (i >= s.length() || s.charAt(i) != '"') throw error("expected a member name");
                String k = string();
                ws();
                if (i >= s.length() || s.charAt(i) != ':') throw error("expected ':'");
                i++;
                ws();
                m.put(k, value());
                if (closed('}', "an object")) return m;
            }
        }

        List<Object> array() {
            List<Object> l = new ArrayList<>();
            if (empty(']')) return l;
            while (true) {
                ws();
                l.add(value());
                if (closed(']', "an array")) return l;
            }
        }

        String string() {
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) throw error("end of text in a string");
                char c = s.charAt(i++);
                if (c == '"') return sb.toString();
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                if (i >= s.length()) throw error("end of text in an escape");
                char e = s.charAt(i++);
                int k = ESCAPES.indexOf(e);
                if (k >= 0) {
                    sb.append(ESCAPED.charAt(k));
                } else if (e == 'u') {
                    if (i + 4 > s.length()) throw error("short \\u escape");
                    try {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    i += 4;
                } else {
                    throw error("bad escape");
                }
            }
        }

        Object number() {
            int start = i;
            if (s.charAt(i) == '-') i++;
            boolean integral = true;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c >= '0' && c <= '9') i++;
                else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    i++;
                } else break;
            }
            String t = s.substring(start, i);
            try {
                if (integral) {
                    try {
                        return Long.parseLong(t);
                    } catch (NumberFormatException big) {
                        return new BigDecimal(t);
                    }
                }
                return new BigDecimal(t);
            } catch (NumberFormatException x) {
                throw error("bad number");
            }
        }
    }

    // Small typed accessors the result classes share.

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Map ? (Map<String, Object>) v : null;
    }

    /** An object member made into a T by {@code make}, or null when the member is absent or not an object. */
    static <T> T object(Map<String, Object> m, String key, Function<Map<String, Object>, T> make) {
        Map<String, Object> v = object(m, key);
        return v == null ? null : make.apply(v);
    }

    static String string(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof String ? (String) v : null;
    }

    static Long number(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Long ? (Long) v : null;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof List ? (List<Object>) v : Collections.<Object>emptyList();
    }
}
