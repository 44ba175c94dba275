/**
 * The API paths of one lease, by name or id.
 * @module
 */

export const leasePath = (lease: string) => `/v1/leases/${encodeURIComponent(lease)}`;

export const allocationPath = (lease: string) => `${leasePath(lease)}/allocation`;
