package io.dynamini.boot.startup;

import io.dynamini.annotation.VersionedEntity;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/** The minimal application's entity. */
@VersionedEntity
public record StartupNote(@Id String id, @Version Long version, String text) {
}
