package io.dynamini.embedded.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * A stream shard: open while it takes records, closed (with an ending sequence number) once rolled over into its
 * child. Records older than the stream's retention are trimmed from its start.
 */
public final class Shard {

	private final String id;

	private final String parentId;

	private final long startingSequence;

	private final long createdMillis;

	private Long endingSequence;

	private final List<StreamRecord> records = new ArrayList<>();

	/** The lowest sequence number still readable (records before it were trimmed). */
	private long trimmedBefore;

	Shard(String id, String parentId, long startingSequence, long createdMillis) {
		this.id = id;
		this.parentId = parentId;
		this.startingSequence = startingSequence;
		this.createdMillis = createdMillis;
		this.trimmedBefore = startingSequence;
	}

	public String id() {
		return id;
	}

	public String parentId() {
		return parentId;
	}

	public long startingSequence() {
		return startingSequence;
	}

	public long createdMillis() {
		return createdMillis;
	}

	public Long endingSequence() {
		return endingSequence;
	}

	public boolean open() {
		return endingSequence == null;
	}

	public List<StreamRecord> records() {
		return records;
	}

	public long trimmedBefore() {
		return trimmedBefore;
	}

	void close(long lastSequence) {
		endingSequence = lastSequence;
	}

	void append(StreamRecord record) {
		records.add(record);
	}

	void trim(long olderThanMillis) {
		while (!records.isEmpty() && records.get(0).createdMillis() < olderThanMillis) {
			trimmedBefore = records.remove(0).sequence() + 1;
		}
	}

	/** @return the index of the first record with a sequence number at or after {@code sequence} */
	public int indexOf(long sequence) {
		int low = 0;
		int high = records.size();
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (records.get(middle).sequence() < sequence) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}
}
