package io.dynamini.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Computes an item's size the way DynamoDB counts it against its 400 KB limit, so that an oversized entity is
 * rejected with a clear message before any request is sent.
 */
final class ItemSize {

	/** DynamoDB's maximum item size. */
	static final int MAX_ITEM_BYTES = 400 * 1024;

	private ItemSize() {
	}

	static long of(Map<String, AttributeValue> item) {
		long size = 0;
		for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
			size += utf8(attribute.getKey()) + of(attribute.getValue());
		}
		return size;
	}

	private static long of(AttributeValue value) {
		return switch (value.type()) {
			case S -> utf8(value.s());
			case N -> number(value.n());
			case B -> value.b().asByteArrayUnsafe().length;
			case BOOL, NUL -> 1;
			case SS -> value.ss().stream().mapToLong(ItemSize::utf8).sum();
			case NS -> value.ns().stream().mapToLong(ItemSize::number).sum();
			case BS -> value.bs().stream().mapToLong(b -> b.asByteArrayUnsafe().length).sum();
			case L -> 3 + value.l().stream().mapToLong(element -> 1 + of(element)).sum();
			case M -> 3 + value.m().entrySet().stream()
				.mapToLong(entry -> 1 + utf8(entry.getKey()) + of(entry.getValue()))
				.sum();
			default -> 0;
		};
	}

	private static long number(String number) {
		long digits = number.chars().filter(Character::isDigit).count();
		return (digits + 1) / 2 + 1;
	}

	private static long utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}
}
