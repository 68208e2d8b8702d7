package io.dynamini.core;

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

	/** UTF-8 length without encoding the text (saves an allocation per attribute on every write). */
	static long utf8(String text) {
		long bytes = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes++;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else if (Character.isSurrogate(c)) {
				// a lone surrogate is sent as '?', as String.getBytes(UTF_8) does
				bytes++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}
}
