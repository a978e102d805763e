import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

@Entity({ tableName: 'groups' })
@Unique({ name: 'groups_domain_name_key_unique', properties: ['domain', 'nameKey'] })
export class GroupEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  domain!: string;

  @Property({ type: 'string', length: 100 })
  backendId!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  externalId: string | null = null;

  @Property({ type: 'string', length: 100 })
  name!: string;

  /** The comparison form of `name` (src/domain/names.ts): names are unique in a domain by it. */
  @Property({ type: 'string', length: 255 })
  nameKey!: string;

  @Property({ type: 'string', length: 150 })
  displayName!: string;

  @Property({ type: 'Date' })
  createdAt: Date = new Date();
}

@Entity({ tableName: 'group_members' })
@Index({ name: 'group_members_user_id_index', properties: ['userId'] })
export class GroupMemberEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  groupId!: string;

  @PrimaryKey({ type: 'string', length: 36 })
  userId!: string;
}

@Entity({ tableName: 'user_tags' })
@Index({ name: 'user_tags_key_value_index', properties: ['key', 'value'] })
export class UserTagEntity {
  @PrimaryKey({ type: 'string', length: 36 })
  userId!: string;

  @PrimaryKey({ type: 'string', length: 100 })
  key!: string;

  @Property({ type: 'string', length: 255 })
  value!: string;
}
