/** The computer as people recognise it: "LSA-PC-12 (SN00012)", or the serial alone. */
export function computerLabel(system: { serial: string; name: string | null }): string {
  return system.name ? `${system.name} (${system.serial})` : system.serial;
}

/** A person as Otto names them to others: their name, or their address when it has no name. */
export function personName(person: { name: string | null; email: string }): string {
  return person.name ?? person.email;
}

/** How a person reads a status, or any other name Otto records in snake_case: "pending customer". */
export function statusLabel(status: string): string {
  return status.replace(/_/g, ' ');
}
