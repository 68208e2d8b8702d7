package io.dynamini.test.domain;

import io.dynamini.annotation.Indexed;
import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * An entity indexed on every generic index slot, whose latest item therefore carries five pairs of index keys
 * more than its revisions.
 */
@VersionedEntity
public record Wide(@Id String id, @Version Long version, @Indexed String a, @Indexed String b, @Indexed String c,
		@Indexed String d, @Indexed String e, String body) {

	public static Wide of(String id, String keyValue, int bodyLength) {
		return new Wide(id, null, keyValue + "a", keyValue + "b", keyValue + "c", keyValue + "d", keyValue + "e",
				"x".repeat(bodyLength));
	}
}
