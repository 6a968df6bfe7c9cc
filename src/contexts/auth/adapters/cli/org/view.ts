/** The fields of an organisation as `org list` prints them. */
export const ORGANIZATION_FIELDS = ['id', 'slug', 'name', 'role', 'status', 'createdAt'] as const;

/** `org show` adds the member counts. */
export const ORGANIZATION_DETAIL_FIELDS = [...ORGANIZATION_FIELDS, 'members', 'owners'] as const;
