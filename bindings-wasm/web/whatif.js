// The what-if controls: each reads one input of the scenario for the chosen
// tenant and writes it back, returning the JSON pointer it wrote (so an
// error from core with that path is shown next to the control). Values stay
// strings: decimals are never turned into floats.

const eventIndex = (sc, tenant, type) => (sc.events ?? []).findIndex((e) => e.type === type && e.tenant === tenant);
const profileIndex = (sc, tenant, match) => (sc.usage ?? []).findIndex((p) => p.tenant === tenant && match(p));
const isCompute = (p) => p.type === 'daily' && p.usage_type === 'compute';
const isGrowth = (p) => p.type === 'storage_growth';
const dayOf = (at) => (typeof at === 'string' ? at.slice(0, 10) : '');
/** Moves `at` to `day`, keeping its time of day. */
const withDay = (at, day) => (typeof at === 'string' && at.length > 10 ? day + at.slice(10) : day);

/** An event field; `create` makes the event when the field is first set. */
function eventField(type, field, create) {
  return {
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
        if (i >= 0 && create) sc.events.splice(i, 1);
        else if (i >= 0) delete sc.events[i][field];
        return '/events';
      }
      if (i < 0) {
        if (!create) return '/events';
        i = sc.events.push(create(sc, t)) - 1;
      }
      const e = sc.events[i];
      e[field] = field === 'at' ? withDay(e.at, value) : value;
      return `/events/${i}/${field}`;
    },
  };
}

/** A usage-profile field; `create` makes the profile when first set. */
function profileField(match, field, create) {
  return {
    get(sc, t) {
      const i = profileIndex(sc, t, match);
      return i < 0 ? '' : sc.usage[i][field] ?? '';
    },
    set(sc, t, value) {
      sc.usage ??= [];
      let i = profileIndex(sc, t, match);
      if (value === '') {
        if (i >= 0) sc.usage.splice(i, 1);
        return '/usage';
      }
      if (i < 0) i = sc.usage.push(create(sc, t)) - 1;
      sc.usage[i][field] = value;
      return `/usage/${i}/${field}`;
    },
  };
}

const newPrepaid = (sc, t) => ({ at: sc.start, type: 'prepaid', tenant: t, amount: '0' });
const newOpenPo = (sc, t) => ({ at: sc.start, type: 'open_po', tenant: t, amount: '0', expires: sc.until });
const newDelete = (sc, t) => ({ at: sc.until, type: 'delete', tenant: t });
const newCompute = (sc, t) => ({ type: 'daily', tenant: t, usage_type: 'compute', amount: '0', from: sc.start, to: sc.until });
const newGrowth = (sc, t) => ({ type: 'storage_growth', tenant: t, initial_tb: '0', tb_per_month: '0', from: sc.start, to: sc.until });

const budget = {
  get: (sc, t) => sc.tenants?.find((x) => x.id === t)?.budget ?? '',
  set(sc, t, value) {
    const i = (sc.tenants ?? []).findIndex((x) => x.id === t);
    if (i < 0) return '/tenants';
    if (value === '') delete sc.tenants[i].budget;
    else sc.tenants[i].budget = value;
    return `/tenants/${i}/budget`;
  },
};

/** Every control, in page order; `pair` groups two on one row. */
export const CONTROLS = [
  { id: 'prepaid_amount', label: 'Pre-paid iCredits', kind: 'decimal', pair: 'prepaid', ...eventField('prepaid', 'amount', newPrepaid) },
  { id: 'prepaid_date', label: 'registered on', kind: 'date', pair: 'prepaid', ...eventField('prepaid', 'at', null) },
  { id: 'open_po_amount', label: 'Open PO iCredits', kind: 'decimal', pair: 'po', ...eventField('open_po', 'amount', newOpenPo) },
  { id: 'open_po_expires', label: 'expires on', kind: 'date', pair: 'po', ...eventField('open_po', 'expires', null) },
  { id: 'compute_daily', label: 'Compute, iCredits per day', kind: 'decimal', ...profileField(isCompute, 'amount', newCompute) },
  { id: 'storage_now', label: 'Storage now, TB', kind: 'decimal', pair: 'storage', ...profileField(isGrowth, 'initial_tb', newGrowth) },
  { id: 'storage_growth', label: 'growth, TB per month', kind: 'decimal', pair: 'storage', ...profileField(isGrowth, 'tb_per_month', newGrowth) },
  { id: 'subscription_end', label: 'Subscription ends on', kind: 'date', ...eventField('subscribe', 'ends', null) },
  { id: 'delete_day', label: 'Delete data on (after expiry)', kind: 'date', ...eventField('delete', 'at', newDelete) },
  { id: 'budget', label: 'Monthly budget threshold, iCredits', kind: 'decimal', ...budget },
];
