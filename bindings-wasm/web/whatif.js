// The what-if controls: each reads one input of the scenario for the chosen
// tenant and writes it back, returning the JSON pointer it wrote (so an
// error from core with that path is shown next to the control). Values stay
// strings: decimals are never turned into floats.

const eventIndex = (sc, tenant, type) => (sc.events ?? []).findIndex((e) => e.type === type && e.tenant === tenant);
const profileIndex = (sc, tenant, match) => (sc.usage ?? []).findIndex((p) => p.tenant === tenant && match(p));
const isCompute = (p) => p.type === 'daily' && p.usage_type === 'compute';
const isGrowth = (p) => p.type === 'storage_growth';
const isCohort = (p) => p.type === 'cohort';
const dayOf = (at) => (typeof at === 'string' ? at.slice(0, 10) : '');
/** Moves `at` to `day`, keeping its time of day. */
const withDay = (at, day) => (typeof at === 'string' && at.length > 10 ? day + at.slice(10) : day);

/**
 * What clearing a field removed, by what it was (`event:open_po:lab`): typing
 * a value again brings it back, with its dates and id, instead of a new one.
 */
const removed = new Map();

/** Forgets removed events and profiles: a different scenario is loaded. */
export function forgetRemoved() {
  removed.clear();
}

/**
 * A copy of the object removed under `key`, else `create(sc, t)`. The entry
 * stays: the edit that brings it back may yet be refused.
 */
function restoreOr(key, create, sc, t) {
  const before = removed.get(key);
  return before ? structuredClone(before) : create(sc, t);
}

/**
 * An event field. With `create`, clearing the field removes the event and
 * setting it makes one; without, the control needs the event to exist.
 */
function eventField(type, field, create) {
  return {
    available: (sc, t) => create !== null || eventIndex(sc, t, type) >= 0,
    get(sc, t) {
      const i = eventIndex(sc, t, type);
      if (i < 0) return '';
      const v = sc.events[i][field];
      return field === 'at' ? dayOf(v) : v ?? '';
    },
    set(sc, t, value) {
      sc.events ??= [];
      let i = eventIndex(sc, t, type);
      if (value === '') {
        if (i >= 0 && create) removed.set(`event:${type}:${t}`, sc.events.splice(i, 1)[0]);
        else if (i >= 0) delete sc.events[i][field];
        return '/events';
      }
      if (i < 0) {
        if (!create) return '/events';
        i = sc.events.push(restoreOr(`event:${type}:${t}`, create, sc, t)) - 1;
      }
      const e = sc.events[i];
      e[field] = field === 'at' ? withDay(e.at, value) : value;
      return `/events/${i}/${field}`;
    },
  };
}

/** A usage-profile field (`kind` names the profile); clearing it removes the profile, setting it makes one. */
function profileField(kind, match, field, create) {
  return {
    available: () => true,
    get(sc, t) {
      const i = profileIndex(sc, t, match);
      return i < 0 ? '' : sc.usage[i][field] ?? '';
    },
    set(sc, t, value) {
      sc.usage ??= [];
      let i = profileIndex(sc, t, match);
      if (value === '') {
        if (i >= 0) removed.set(`profile:${kind}:${t}`, sc.usage.splice(i, 1)[0]);
        return '/usage';
      }
      if (i < 0) i = sc.usage.push(restoreOr(`profile:${kind}:${t}`, create, sc, t)) - 1;
      sc.usage[i][field] = value;
      return `/usage/${i}/${field}`;
    },
  };
}

const newPrepaid = (sc, t) => ({ at: sc.start, type: 'prepaid', tenant: t, amount: '0' });
const newOpenPo = (sc, t) => ({ at: sc.start, type: 'open_po', tenant: t, amount: '0', expires: sc.until });
const newDelete = (sc, t) => ({ at: sc.until, type: 'delete', tenant: t });
const newCompute = (sc, t) => ({ type: 'daily', tenant: t, usage_type: 'compute', amount: '0', from: sc.start, to: sc.until });
const newCohort = (sc, t) => ({ type: 'cohort', tenant: t, samples_per_week: '0', icredits_per_sample: '0', every: 'day', from: sc.start, to: sc.until });
const newGrowth = (sc, t) => ({ type: 'storage_growth', tenant: t, initial_tb: '0', tb_per_month: '0', from: sc.start, to: sc.until });

/**
 * The cohort's iCredits per sample. Core takes a price or an assay's planning
 * estimate, not both: a price sets the assay aside, and clearing the price
 * brings it back.
 */
const cohortPrice = {
  available: () => true,
  get(sc, t) {
    const i = profileIndex(sc, t, isCohort);
    return i < 0 ? '' : sc.usage[i].icredits_per_sample ?? '';
  },
  set(sc, t, value) {
    sc.usage ??= [];
    let i = profileIndex(sc, t, isCohort);
    const assay = `assay:${t}`;
    if (value === '') {
      if (i < 0) return '/usage';
      delete sc.usage[i].icredits_per_sample;
      if (removed.has(assay)) sc.usage[i].assay = removed.get(assay);
      return `/usage/${i}`;
    }
    if (i < 0) i = sc.usage.push(restoreOr(`profile:cohort:${t}`, newCohort, sc, t)) - 1;
    const cohort = sc.usage[i];
    if (cohort.assay !== undefined) removed.set(assay, cohort.assay);
    delete cohort.assay;
    cohort.icredits_per_sample = value;
    return `/usage/${i}/icredits_per_sample`;
  },
};

const budget = {
  available: () => true,
  get: (sc, t) => sc.tenants?.find((x) => x.id === t)?.budget ?? '',
  set(sc, t, value) {
    const i = (sc.tenants ?? []).findIndex((x) => x.id === t);
    if (i < 0) return '/tenants';
    if (value === '') delete sc.tenants[i].budget;
    else sc.tenants[i].budget = value;
    return `/tenants/${i}/budget`;
  },
};

/**
 * Every control, in page order; `pair` groups two on one row; `needs` says
 * what a control that edits an existing event waits for.
 */
export const CONTROLS = [
  { id: 'prepaid_amount', label: 'Pre-paid iCredits', kind: 'decimal', pair: 'prepaid', ...eventField('prepaid', 'amount', newPrepaid) },
  { id: 'prepaid_date', label: 'registered on', kind: 'date', pair: 'prepaid', needs: 'Set a pre-paid amount first.', ...eventField('prepaid', 'at', null) },
  { id: 'open_po_amount', label: 'Open PO iCredits', kind: 'decimal', pair: 'po', ...eventField('open_po', 'amount', newOpenPo) },
  { id: 'open_po_expires', label: 'expires on', kind: 'date', pair: 'po', needs: 'Set an Open PO amount first.', ...eventField('open_po', 'expires', null) },
  { id: 'compute_daily', label: 'Compute, iCredits per day', kind: 'decimal', ...profileField('compute', isCompute, 'amount', newCompute) },
  { id: 'cohort_samples', label: 'Samples sequenced per week', kind: 'decimal', pair: 'cohort', ...profileField('cohort', isCohort, 'samples_per_week', newCohort) },
  { id: 'cohort_per_sample', label: 'iCredits per sample', kind: 'decimal', pair: 'cohort', placeholder: "the assay's estimate", ...cohortPrice },
  { id: 'storage_now', label: 'Storage now, TB', kind: 'decimal', pair: 'storage', ...profileField('growth', isGrowth, 'initial_tb', newGrowth) },
  { id: 'storage_growth', label: 'growth, TB per month', kind: 'decimal', pair: 'storage', ...profileField('growth', isGrowth, 'tb_per_month', newGrowth) },
  { id: 'subscription_end', label: 'Subscription ends on', kind: 'date', needs: 'This workgroup or domain has no subscription event.', ...eventField('subscribe', 'ends', null) },
  { id: 'delete_day', label: 'Delete data on (after expiry)', kind: 'date', ...eventField('delete', 'at', newDelete) },
  { id: 'budget', label: 'Monthly budget threshold, iCredits', kind: 'decimal', ...budget },
];
