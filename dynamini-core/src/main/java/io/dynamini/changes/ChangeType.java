package io.dynamini.changes;

/**
 * What a change did to an entity. A restore is an {@link #UPDATE}, as in the entity's history.
 */
public enum ChangeType {

	/** the entity's first revision (or the first after a purge) */
	INSERT,

	/** a later revision: save, update or restore */
	UPDATE,

	/** a soft delete; the event carries the last live state */
	DELETE,

	/** the entity's history was erased; the event carries no state */
	PURGE,

	/**
	 * the entity expired ({@code @ExpiresAt}) and DynamoDB's TTL removed it: published when the removal reaches the
	 * stream (up to a few days after the instant); carries the last state and revision only if the stream has old
	 * images
	 */
	EXPIRE
}
