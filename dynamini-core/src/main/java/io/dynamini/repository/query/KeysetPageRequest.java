package io.dynamini.repository.query;

import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/**
 * A {@link PageRequest} that remembers where DynamoDB stopped, so that {@code slice.nextPageable()} handed back
 * to the same query method continues with one Query from that key instead of re-reading every earlier page.
 * Behaves as a plain page request everywhere else.
 */
final class KeysetPageRequest extends PageRequest {

	private final @Nullable Map<String, Object> start;

	private final @Nullable Map<String, Object> end;

	/**
	 * @param start keys the page starts after ({@code null}: use the offset)
	 * @param end keys of the page's last element ({@code null}: unknown)
	 */
	KeysetPageRequest(int page, int size, Sort sort, @Nullable Map<String, Object> start,
			@Nullable Map<String, Object> end) {
		super(page, size, sort);
		this.start = start == null ? null : Map.copyOf(start);
		this.end = end == null ? null : Map.copyOf(end);
	}

	/**
	 * @return where this page starts, if it continues an earlier one
	 */
	static @Nullable Map<String, Object> startOf(Pageable pageable) {
		return pageable instanceof KeysetPageRequest keyset ? keyset.start : null;
	}

	@Override
	public PageRequest next() {
		if (end == null) {
			return super.next();
		}
		return new KeysetPageRequest(getPageNumber() + 1, getPageSize(), getSort(), end, null);
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof KeysetPageRequest that && super.equals(that) && Objects.equals(start, that.start)
				&& Objects.equals(end, that.end);
	}

	@Override
	public int hashCode() {
		return Objects.hash(super.hashCode(), start, end);
	}
}
