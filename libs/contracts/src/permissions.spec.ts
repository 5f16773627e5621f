import { Role, StaffRole } from './identity';
import { can, Capability, STAFF_CAPABILITIES, staffRolesCan } from './permissions';

const staff = (...staffRoles: StaffRole[]) => ({ role: Role.Staff, staffRoles });

describe('permissions: staff sub-role capabilities', () => {
  it('a broker runs organisations, the control graph, negotiations and deals, but approves no money', () => {
    const broker = staff(StaffRole.Broker);
    for (const c of [
      Capability.VerifyOrganizations,
      Capability.EditControlGraph,
      Capability.BrokerNegotiations,
      Capability.RunDeals,
      Capability.ExportDealHistory,
    ]) {
      expect(can(broker, c)).toBe(true);
    }
    expect(can(broker, Capability.ApproveSubsidy)).toBe(false);
    expect(can(broker, Capability.DecideDealChanges)).toBe(false);
  });

  it('an approver approves money and changes, exports history, and does nothing a broker does', () => {
    const approver = staff(StaffRole.Approver);
    expect(can(approver, Capability.ApproveSubsidy)).toBe(true);
    expect(can(approver, Capability.DecideDealChanges)).toBe(true);
    expect(can(approver, Capability.ExportDealHistory)).toBe(true);
    expect(can(approver, Capability.RunDeals)).toBe(false);
    expect(can(approver, Capability.VerifyOrganizations)).toBe(false);
  });

  it('an admin can do everything; several sub-roles add up', () => {
    for (const c of Object.values(Capability)) expect(can(staff(StaffRole.Admin), c)).toBe(true);
    expect(STAFF_CAPABILITIES[StaffRole.Admin]).toEqual(Object.values(Capability));
    const both = staff(StaffRole.Broker, StaffRole.Approver);
    expect(can(both, Capability.RunDeals) && can(both, Capability.ApproveSubsidy)).toBe(true);
  });

  it('brokers, approvers and admins read the statistics and export; a recommender reads statistics only', () => {
    for (const r of [StaffRole.Broker, StaffRole.Approver, StaffRole.Admin]) {
      expect(can(staff(r), Capability.ViewStats)).toBe(true);
      expect(can(staff(r), Capability.ExportRecords)).toBe(true);
    }
    expect(can(staff(StaffRole.Recommender), Capability.ViewStats)).toBe(true);
    expect(can(staff(StaffRole.Recommender), Capability.ExportRecords)).toBe(false);
  });

  it('staff without a sub-role, other roles and no user can do none of it', () => {
    for (const c of Object.values(Capability)) {
      expect(can(staff(), c)).toBe(false);
      expect(can({ role: Role.Enterprise, staffRoles: [StaffRole.Admin] }, c)).toBe(false);
      expect(can(null, c)).toBe(false);
      expect(staffRolesCan([], c)).toBe(false);
    }
  });
});
