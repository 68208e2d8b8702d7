package io.dynamini.core;

import org.jspecify.annotations.Nullable;
import org.springframework.data.history.RevisionMetadata.RevisionType;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one-letter codes that store a {@link RevisionType}.
 */
final class RevisionTypes {

	private static final AttributeValue INSERT = AttributeValue.fromS("I");

	private static final AttributeValue UPDATE = AttributeValue.fromS("U");

	private static final AttributeValue DELETE = AttributeValue.fromS("D");

	private RevisionTypes() {
	}

	static AttributeValue toCode(RevisionType type) {
		return switch (type) {
			case INSERT -> INSERT;
			case UPDATE -> UPDATE;
			case DELETE -> DELETE;
			default -> throw new IllegalArgumentException("Unsupported revision type " + type);
		};
	}

	static RevisionType fromCode(@Nullable AttributeValue code) {
		if (code == null) {
			return RevisionType.UNKNOWN;
		}
		return switch (code.s()) {
			case "I" -> RevisionType.INSERT;
			case "U" -> RevisionType.UPDATE;
			case "D" -> RevisionType.DELETE;
			default -> RevisionType.UNKNOWN;
		};
	}
}
