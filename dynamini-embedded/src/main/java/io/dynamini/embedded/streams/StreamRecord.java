package io.dynamini.embedded.streams;

import java.util.Map;

/**
 * One record of a stream shard: its sequence number, when it was written, its size, and its JSON as GetRecords
 * returns it.
 */
public record StreamRecord(long sequence, long createdMillis, int sizeBytes, Map<String, Object> json) {
}
