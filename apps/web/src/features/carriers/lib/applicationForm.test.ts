import { CarrierKind, IntlCoopBaseType } from '@jiebang/contracts';
import { describe, expect, it } from 'vitest';
import { annexesFor, formEvidence, formThresholds, ruleSetFor, toFormValues, toStoredForm } from './applicationForm';

describe('the 申报书 form and its stored shape (issue 15 §2; RULEBOOK §5 exact money)', () => {
  const rs = ruleSetFor('yn-kegui-2025-11@1', CarrierKind.PilotBase);
  const thresholds = formThresholds(rs, CarrierKind.PilotBase, null);

  it('reads the round’s rule set, or the kind’s shipped one for a set the web does not know', () => {
    expect(rs.source.documentNo).toBe('云科规〔2025〕11号');
    expect(ruleSetFor('nm-own-2025-12@3', CarrierKind.IntlCoopBase).id).toBe('nm-kefahe-2019-1');
    expect(thresholds.some((t) => t.key === 'integrityPledge')).toBe(false);
    expect(thresholds.some((t) => t.key === 'pilotEngineers')).toBe(true);
    expect(
      formThresholds(
        ruleSetFor(null, CarrierKind.IntlCoopBase),
        CarrierKind.IntlCoopBase,
        IntlCoopBaseType.TechTransferCenter,
      ).map((t) => t.key),
    ).toContain('registeredYears');
  });

  it('money goes from 万元 in the form to integer fen strings exactly, and back', () => {
    const stored = toStoredForm({ equipmentValueFen: '500.000001', spaceM2: 1000, advisers: '' }, thresholds);
    expect(stored).toEqual({ equipmentValueFen: '500000001', spaceM2: 1000, advisers: null });
    expect(toFormValues(stored, thresholds).equipmentValueFen).toBe('500.000001');
    // a malformed amount is left out (the form's rule shows it), never sent as a wrong figure
    expect('equipmentValueFen' in toStoredForm({ equipmentValueFen: '1e3' }, thresholds)).toBe(false);
  });

  it('asks for the kind’s evidence once per key and the annex lists of the kind', () => {
    const keys = formEvidence(rs, CarrierKind.PilotBase).map((e) => e.key);
    expect(keys).toContain('equipmentProof');
    expect(new Set(keys).size).toBe(keys.length);
    expect(formEvidence(rs, CarrierKind.ConceptValidation).map((e) => e.key)).not.toContain('equipmentProof');
    expect(annexesFor('intl_coop_base')).toContain('foreignPartners');
    expect(annexesFor('innovation_center')).toEqual(['coBuilders', 'branches']);
  });
});
