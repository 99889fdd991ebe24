/**
 * The demo dataset's fixed names and ids, which the README's examples use.
 *
 * Rows of tables without an API (properties, contacts, reservations) get fixed
 * uuids. Everything else is created through the API, whose business IDs come from
 * the database's sequences: on a database that had none of these rows they are the
 * ones below (created in this order), and `npm run demo` says so when they are not.
 */
export const PROPERTIES = [
  { id: '01900000-0000-7000-8000-00000000a001', name: 'Villa Azul' },
  { id: '01900000-0000-7000-8000-00000000a002', name: 'Casa Limón' },
] as const;
export const VILLA_AZUL = PROPERTIES[0].id;

export const CONTACTS = [
  { id: '01900000-0000-7000-8000-00000000c001', full_name: 'Ana Silva', email: 'ana@example.com', phone: '+351912345678' },
  { id: '01900000-0000-7000-8000-00000000c002', full_name: 'Ben Okafor', email: 'ben.okafor@gmail.com', phone: '+447700900123' },
  // The contact the SES and SendGrid samples (test/fixtures/providers/) are addressed to.
  { id: '01900000-0000-7000-8000-00000000c003', full_name: 'Rita Recipient', email: 'recipient@example.com', phone: null },
] as const;
export const ANA = CONTACTS[0].id;
export const BEN = CONTACTS[1].id;

/** Ana has stayed twice (a repeat guest for the dynamic segment), Ben once. */
export const RESERVATIONS = [
  { id: '01900000-0000-7000-8000-00000000e001', property_id: VILLA_AZUL, contact_id: ANA, check_in: '2025-07-01', check_out: '2025-07-08', total_amount: '1899.00' },
  { id: '01900000-0000-7000-8000-00000000e002', property_id: VILLA_AZUL, contact_id: ANA, check_in: '2026-07-10', check_out: '2026-07-17', total_amount: '2150.00' },
  { id: '01900000-0000-7000-8000-00000000e003', property_id: PROPERTIES[1].id, contact_id: BEN, check_in: '2026-08-02', check_out: '2026-08-09', total_amount: '980.00' },
] as const;

/** The business IDs the README's examples rely on, as a fresh database gives them. */
export const EXPECTED_IDS = {
  blog: 'CON-010001',
  template: 'CON-010002',
  pool: 'ASSET-010001',
  terrace: 'ASSET-010002',
  garden: 'ASSET-010003',
  strategy: 'STRAT-010001',
  calendar: 'CAL-010001',
  newsletter: 'SEG-010001',
  repeatGuests: 'SEG-010002',
  campaign: 'CMP-010001',
  socialAccount: 'SA-010001',
  socialPost: 'SP-010001',
  mktCampaign: 'MCMP-010001',
  mktContent: 'MCON-010001',
} as const;
export type DemoKey = keyof typeof EXPECTED_IDS;
