package io.dynamini.core.mapping;

import org.springframework.data.mapping.Association;
import org.springframework.data.mapping.PersistentEntity;
import org.springframework.data.mapping.model.AnnotationBasedPersistentProperty;
import org.springframework.data.mapping.model.Property;
import org.springframework.data.mapping.model.SimpleTypeHolder;

/**
 * A property of a {@link DynaminiPersistentEntity}; stored under its Java property name.
 */
public class DynaminiPersistentProperty extends AnnotationBasedPersistentProperty<DynaminiPersistentProperty> {

	DynaminiPersistentProperty(Property property, PersistentEntity<?, DynaminiPersistentProperty> owner,
			SimpleTypeHolder simpleTypeHolder) {
		super(property, owner, simpleTypeHolder);
	}

	@Override
	protected Association<DynaminiPersistentProperty> createAssociation() {
		return new Association<>(this, null);
	}
}
