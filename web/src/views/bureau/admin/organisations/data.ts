// 组织机构: the tree built from the flat list, and the kind rules of the form (the server's own,
// from src/domain/administration.ts, so the form offers only parents the server accepts).
import type { FormRules } from 'element-plus';
import { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS, PARENT_KINDS } from '@domain/administration';
import type { Organisation, OrganisationKind } from '../../../../api/administration';

export { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS };

export type OrgTreeNode = Organisation & { children?: OrgTreeNode[] };

export function buildTree(items: readonly Organisation[]): OrgTreeNode[] {
  const nodes = new Map<number, OrgTreeNode>(items.map((o) => [o.id, { ...o }]));
  const roots: OrgTreeNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    if (parent) (parent.children ??= []).push(n);
    else roots.push(n);
  }
  return roots;
}

/** Active organisations an organisation of `kind` may sit under, excluding `selfId` and its sub-units. */
export function parentOptions(items: readonly Organisation[], kind: OrganisationKind, selfId?: number): Organisation[] {
  const allowed = PARENT_KINDS[kind];
  const below = new Set<number>();
  if (selfId !== undefined) {
    below.add(selfId);
    let grew = true;
    while (grew) {
      grew = false;
      for (const o of items) if (o.parentId !== null && below.has(o.parentId) && !below.has(o.id)) (below.add(o.id), (grew = true));
    }
  }
  return items.filter((o) => o.active && allowed.includes(o.kind) && !below.has(o.id));
}

export interface OrgForm {
  code: string;
  name: string;
  kind: OrganisationKind | '';
  parentId: number | null;
  aliases: string;
}

export const orgRules: FormRules<OrgForm> = {
  code: [
    { required: true, message: '请填写单位编码', trigger: 'blur' },
    { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, message: '编码由字母、数字、下划线或连字符组成', trigger: 'blur' },
  ],
  name: [{ required: true, message: '请填写单位全称', trigger: 'blur' }],
  kind: [{ required: true, message: '请选择类别', trigger: 'change' }],
};
