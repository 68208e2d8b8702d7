package io.dynamini.core.mapping;

import io.dynamini.annotation.VersionedEntity;

import org.jspecify.annotations.Nullable;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.BasicPersistentEntity;
import org.springframework.data.core.TypeInformation;
import org.springframework.util.StringUtils;

/**
 * Mapping metadata of a class stored by dynamini: either a root entity annotated {@link VersionedEntity} or a
 * value nested inside one.
 *
 * @param <T> the mapped type
 */
public class DynaminiPersistentEntity<T> extends BasicPersistentEntity<T, DynaminiPersistentProperty> {

	private final @Nullable String typeName;

	DynaminiPersistentEntity(TypeInformation<T> information) {
		super(information);
		VersionedEntity annotation = findAnnotation(VersionedEntity.class);
		if (annotation == null) {
			this.typeName = null;
		}
		else {
			this.typeName = StringUtils.hasText(annotation.value()) ? annotation.value() : getType().getSimpleName();
		}
	}

	/**
	 * @return whether the type is annotated {@link VersionedEntity} and so may be saved on its own.
	 */
	public boolean isVersionedEntity() {
		return typeName != null;
	}

	/**
	 * @return the entity type name used in keys.
	 * @throws MappingException if the type is not annotated {@link VersionedEntity} or lacks an id or a version.
	 */
	public String getRequiredTypeName() {
		if (typeName == null) {
			throw new MappingException("%s is not annotated @%s; dynamini stores only versioned entities"
					.formatted(getType().getName(), VersionedEntity.class.getSimpleName()));
		}
		if (!hasIdProperty()) {
			throw new MappingException("%s has no @Id property".formatted(getType().getName()));
		}
		DynaminiPersistentProperty version = getVersionProperty();
		if (version == null || !(version.getType() == Long.class || version.getType() == long.class)) {
			throw new MappingException("%s must declare a @Version property of type Long or long"
					.formatted(getType().getName()));
		}
		return typeName;
	}
}
