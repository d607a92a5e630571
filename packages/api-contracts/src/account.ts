import { z } from 'zod';
import { Timestamp } from './common.ts';

export const Account = z
  .object({ id: z.string(), name: z.string(), created_at: Timestamp })
  .meta({ id: 'Account' });

export const User = z
  .object({
    id: z.string(),
    account_id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(['owner', 'helper']),
    super_user: z.boolean(),
    instance_admin: z.boolean(),
    created_at: Timestamp,
  })
  .meta({ id: 'User' });

export const AccountCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    owner_email: z.email().max(320),
    owner_password: z.string().min(10, 'must be at least 10 characters').max(256),
  })
  .meta({ id: 'AccountCreate' });

export const LoginBody = z
  .strictObject({ email: z.email().max(320), password: z.string().min(1).max(256) })
  .meta({ id: 'LoginBody' });

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    prefix: z.string(),
    mode: z.enum(['live', 'test']),
    project_id: z.string().nullable(),
    created_at: Timestamp,
    last_used_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
  })
  .meta({ id: 'ApiKey' });

export const ApiKeyCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    mode: z.enum(['live', 'test']).default('live'),
    project_id: z.string().max(64).optional(),
  })
  .meta({ id: 'ApiKeyCreate' });

export const Me = z
  .object({
    account: Account,
    user: User.nullable(),
    api_key: ApiKey.nullable(),
  })
  .meta({ id: 'Me' });
