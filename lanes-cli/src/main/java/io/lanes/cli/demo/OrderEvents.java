package io.lanes.cli.demo;

/**
 * The demo's event format. The key is the order id ({@code ord-000123}), so every event of an
 * order lands on one partition; the value is a small JSON object naming the order again, the
 * event's sequence number within its order and its type:
 * <pre>{"order":"ord-000123","seq":2,"type":"SHIPPED"}</pre>
 * An order of {@code n} events is {@code ORDER_PLACED}, {@code n - 4} times {@code ITEM_ADDED},
 * then {@code PAID}, {@code SHIPPED} and {@code DELIVERED}.
 */
final class OrderEvents {
    private static final String KEY_PREFIX = "ord-";
    private static final String SEQ_FIELD = "\"seq\":";
    private static final String ORDER_FIELD = "\"order\":\"";

    private OrderEvents() {
    }

    static String key(int orderId) {
        return Format.text("%s%06d", KEY_PREFIX, orderId);
    }

    static String type(int seq, int eventsInOrder) {
        if (seq == 0) {
            return "ORDER_PLACED";
        }
        int fromEnd = eventsInOrder - 1 - seq;
        return switch (fromEnd) {
            case 0 -> "DELIVERED";
            case 1 -> "SHIPPED";
            case 2 -> "PAID";
            default -> "ITEM_ADDED";
        };
    }

    static String value(int orderId, int seq, int eventsInOrder) {
        return "{\"order\":\"" + key(orderId) + "\",\"seq\":" + seq + ",\"type\":\"" + type(seq, eventsInOrder) + "\"}";
    }

    /** Whether a value is an order's PAID event. */
    static boolean isPaid(String value) {
        return value != null && value.contains("\"type\":\"PAID\"");
    }

    /** The order id of a key, or -1 if it is not one of ours. */
    static int orderId(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX) || key.length() == KEY_PREFIX.length()
                || key.length() > KEY_PREFIX.length() + 9) {
            return -1;
        }
        for (int i = KEY_PREFIX.length(); i < key.length(); i++) {
            if (!Character.isDigit(key.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(key, KEY_PREFIX.length(), key.length(), 10);
    }

    /** The order id named in a value, or -1. */
    static int orderIdOfValue(String value) {
        if (value == null) {
            return -1;
        }
        int at = value.indexOf(ORDER_FIELD);
        if (at < 0) {
            return -1;
        }
        int start = at + ORDER_FIELD.length();
        int end = value.indexOf('"', start);
        return end < 0 ? -1 : orderId(value.substring(start, end));
    }

    /** The sequence number in a value, or -1. */
    static int seq(String value) {
        if (value == null) {
            return -1;
        }
        int at = value.indexOf(SEQ_FIELD);
        return at < 0 ? -1 : parseDigits(value, at + SEQ_FIELD.length());
    }

    private static int parseDigits(String text, int from) {
        int end = from;
        long n = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end)) && end - from < 9) {
            n = n * 10 + (text.charAt(end) - '0');
            end++;
        }
        return end == from ? -1 : (int) n;
    }
}
