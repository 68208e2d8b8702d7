package io.dynamini.embedded.expressions;

import java.util.List;

/**
 * A document path: a top-level attribute name followed by map members and list indexes, its placeholders resolved.
 *
 * @param elements each a {@code String} (a name) or an {@code Integer} (a list index)
 */
public record Path(List<Object> elements) {

	public String top() {
		return (String) elements.get(0);
	}

	public boolean isTopLevel() {
		return elements.size() == 1;
	}

	/** @return whether one path is a prefix of the other (DynamoDB refuses such pairs in one update) */
	boolean overlaps(Path other) {
		int common = Math.min(elements.size(), other.elements.size());
		for (int i = 0; i < common; i++) {
			if (!elements.get(i).equals(other.elements.get(i))) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		for (Object element : elements) {
			if (element instanceof Integer index) {
				text.append('[').append(index).append(']');
			}
			else {
				if (!text.isEmpty()) {
					text.append('.');
				}
				text.append(element);
			}
		}
		return text.toString();
	}
}
