// Curated argument knowledge for every keyword of data/keepalived-keywords.json.
// Read by scripts/gen-schema.mjs, which merges it with the keyword dump (block tree, subblocks, value blocks,
// deprecated, since) and writes server/src/core/schema/keywords.generated.ts.
//
// Sources: keepalived's parser handlers (lib/parser.c, keepalived/core/global_parser.c, keepalived/vrrp/vrrp_parser.c,
// keepalived/check/check_parser.c, check_api.c, check_http.c, check_dns.c, check_smtp.c, check_misc.c, check_udp.c,
// check_file.c, check_bfd.c, keepalived/bfd/bfd_parser.c, keepalived/trackers/track_file.c) and keepalived.conf(5).
//
// Rules followed here:
// - An argument is REQUIRED only when keepalived's handler reads the word unconditionally (strvec_slot(strvec, N),
//   set_value(), read_*_strvec(), read_timer()): keepalived then aborts config-test with "missing a parameter after
//   keyword". Handlers that check vector_size() first and only log an error get an optional argument.
//   When the handler could not be confirmed the argument is optional ("never an error on a config keepalived accepts").
// - rest 'ignored': keepalived silently drops surplus words; rest 'free': the keyword takes more syntax than we type.
// - 'flag': handler reads no word; 'optionalBool': bare keyword = true, or one of on|off|true|false|yes|no.

// ---------------------------------------------------------------------------------------------------------------
// Type helpers (ArgType of server/src/core/schema/types.ts)
const clean = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const int = (min, max) => clean({ kind: 'int', min, max });
const secs = (min, max, minExclusive) => clean({ kind: 'decimal', unit: 's', min, max, minExclusive });
const msec = (min, max) => clean({ kind: 'decimal', unit: 'ms', min, max });
const enumCS = (...values) => ({ kind: 'enum', values, caseSensitive: true });
const enumCI = (...values) => ({ kind: 'enum', values, caseSensitive: false });
const bool = { kind: 'bool' };
const ip = (opts = {}) => clean({ kind: 'ip', ...opts });
const port = (min) => clean({ kind: 'port', min });
const ifname = { kind: 'ifname' };
const path = { kind: 'path' };
const script = { kind: 'script' };
const str = (maxLength) => clean({ kind: 'string', maxLength });
const ref = (target) => ({ kind: 'ref', target });
const defines = (target) => ({ kind: 'name', defines: target });
const any = { kind: 'any' };

/** ArgSpec: required unless `opt` is true. */
const A = (name, type, opt = false) => (opt ? { name, type, optional: true } : { name, type });
const O = (name, type) => A(name, type, true);

// Keyword spec helpers. `extra` may carry default, synonymOf, deprecated (advice override), headArgs, valueRef.
const flag = (doc, extra = {}) => ({ shape: 'flag', args: [], rest: 'ignored', doc, ...extra });
const obool = (doc, extra = {}) => ({ shape: 'optionalBool', args: [O('BOOL', bool)], rest: 'ignored', doc, ...extra });
const args = (list, doc, extra = {}) => ({ shape: 'args', args: list, rest: 'ignored', doc, ...extra });
const free = (list, doc, extra = {}) => ({ shape: 'args', args: list, rest: 'free', doc, ...extra });
const block = (doc, headArgs = [], extra = {}) => ({ shape: 'block', args: [], rest: 'ignored', headArgs, doc, ...extra });
const vblock = (valueLine, doc, extra = {}) => ({ shape: 'valueBlock', args: [], rest: 'ignored', valueLine, doc, ...extra });

/** A notify/quorum script line: SCRIPT [username [groupname]] (keepalived re-splits it with shell-like quoting). */
const scriptLine = (doc, extra = {}) =>
  free([A('SCRIPT', script), O('USERNAME', str()), O('GROUPNAME', str())], doc, extra);
const scriptLineOpt = (doc, extra = {}) =>
  free([O('SCRIPT', script), O('USERNAME', str()), O('GROUPNAME', str())], doc, extra);

// ---------------------------------------------------------------------------------------------------------------
// Shared checker keywords (check_api.c install_checker_common_keywords)
const connectionKeywords = {
  connect_ip: args([A('IPADDR', ip())], 'IP address the checker connects to.', { default: 'the real server address' }),
  connect_port: args([A('PORT', port(1))], 'TCP/UDP port the checker connects to (1..65535).', { default: 'the real server port' }),
  bindto: args([A('IPADDR', ip())], 'Source address the checker binds to when originating the connection.'),
  bind_port: args([A('PORT', port(1))], 'Source port the checker originates the connection from (1..65535).'),
  bind_if: args([A('IFNAME', ifname)], 'Interface the checker binds to; needed when bindto is an IPv6 link-local address.'),
  connect_timeout: args([A('TIMER', secs(0, undefined, true))], 'Connection timeout of the check, in seconds (decimal, > 0).', { default: '5 (from the real/virtual server)' }),
  fwmark: args([A('FWMARK', int(0, 4294967295))], 'Firewall mark set on all outgoing checker packets.'),
};
const commonCheckerKeywords = {
  retry: args([A('COUNT', int(0))], 'Number of retries before a failing check marks the service down.', { default: '1 (3 for DNS_CHECK, 0 for MISC_CHECK)' }),
  delay_before_retry: args([A('TIMER', secs(0))], 'Delay in seconds (decimal) before retrying after a failed check.', { default: '1 (3 for HTTP_GET/SSL_GET, delay_loop for DNS_CHECK)' }),
  warmup: args([A('TIMER', secs(0))], 'Random delay up to this many seconds before the first check, to spread simultaneous checks; 0 disables.', { default: 'delay_loop' }),
  delay_loop: args([A('TIMER', secs(0, undefined, true))], 'Interval between checks, in seconds (decimal, > 0).', { default: '60 (from the real/virtual server)' }),
  alpha: obool('Alpha mode: assume the service is down at startup until the first check succeeds.', { default: 'false' }),
  log_all_failures: obool('Log every failed check while the checker is up, not just state changes.', { default: 'global checker_log_all_failures' }),
};
const checkerAll = { ...connectionKeywords, ...commonCheckerKeywords };

const httpKeywords = (ssl) => ({
  ...checkerAll,
  nb_get_retry: args([A('COUNT', int(0))], 'Number of retries (deprecated synonym of retry).', { synonymOf: 'retry' }),
  virtualhost: args([O('HOST', str())], 'Host header (virtual host) to use for the HTTP requests of this checker.', { default: 'virtualhost of the real/virtual server' }),
  http_protocol: args([O('VERSION', enumCS('1.0', '1.1', '1.0C', '1.0c'))], 'HTTP protocol version of the requests; 1.0C is 1.0 with "Connection: close".', { default: '1.0' }),
  enable_sni: obool('Send the Server Name Indication (SNI) during the TLS handshake.'),
  sni_name: args([O('NAME', str())], 'Server name to send as SNI instead of the virtual host.'),
  fast_recovery: obool('Check all URLs without delay_loop between them at startup and after a failure, so the server comes up sooner.'),
  ...(ssl ? { tls_compliant: obool('Expect the server to close the TLS connection properly (close_notify); otherwise keepalived tolerates servers that do not.') } : {}),
  url: block(`A URL to check; several url blocks may be given (${ssl ? 'HTTPS' : 'HTTP'}).`),
});
const urlKeywords = (ssl) => ({
  path: args([A('PATH', str())], 'Path of the URL to request, e.g. / or /health.'),
  digest: args([A('MD5_HEX', str())], 'Expected MD5 digest (32 hex characters, as printed by genhash) of the returned page.'),
  status_code: free([O('CODE|RANGE', any)], 'Accepted HTTP status codes or ranges (100..599), e.g. 200 or 200-299 400-499.', { default: '200-299' }),
  virtualhost: args([O('HOST', str())], 'Host header for this URL.', { default: 'virtualhost of the checker/real/virtual server' }),
  regex: free([O('REGEX', str())], 'PCRE2 regular expression the returned data must match (quoted if it contains spaces).'),
  regex_no_match: flag('Reverse the regex test: a match of the returned data fails the check.'),
  regex_options: free([O('OPTION', any)], 'Space separated PCRE2 options for regex: allow_empty_class alt_bsux auto_callout caseless dollar_endonly dotall dupnames extended firstline match_unset_backref multiline never_ucp never_utf no_auto_capture no_auto_possess no_dotstar_anchor no_start_optimize ucp ungreedy utf never_backslash_c alt_circumflex alt_verbnames use_offset_limit (unknown words are ignored).'),
  regex_min_offset: args([O('OFFSET', int(0))], 'Minimum offset into the returned data at which to start matching the regex.'),
  regex_max_offset: args([O('OFFSET', int(0))], 'Maximum offset into the returned data for the start of the regex match.'),
  regex_stack: args([O('START', int(0)), O('MAX', int(0))], 'Start and maximum sizes in bytes of the PCRE2 JIT stack for complex regexes.'),
  ...(ssl ? { tls_compliant: obool('Expect the server to close the TLS connection properly (close_notify) for this URL.') } : {}),
});

// Track-file keywords (track_file / vrrp_track_file blocks, trackers/track_file.c)
const trackFileKeywords = {
  file: args([O('FILE', path)], 'Path of the file to monitor; the integer it contains is read whenever the file is modified.'),
  weight: args([O('WEIGHT', int(-254, 254)), O('reverse', enumCS('reverse'))], 'Default weight: the value read from the file is multiplied by it and added to the priority of the trackers; 0 means a non-zero value is a failure. reverse inverts the direction.', { default: '1' }),
  init_file: free([O('VALUE|overwrite', any)], 'Create the file at startup with VALUE (default 0) if it does not exist; with overwrite, always write the value.'),
};

// Real/virtual/sorry server forwarding method (check_parser.c svr_forwarding_handler)
const lvsMethod = (doc, extra = {}) => free([A('METHOD', enumCS('NAT', 'DR', 'TUN'))], doc, extra);
const lvsMethodDoc = 'LVS forwarding method: NAT, DR (direct routing) or TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum].';

// ---------------------------------------------------------------------------------------------------------------
export const CURATED = {
  _top: {
    linkbeat_use_polling: flag('Poll interfaces for media link failure using ETHTOOL, MII or ioctl instead of relying on netlink.'),
    net_namespace: args([O('NAME', str())], 'Run keepalived in this network namespace (cannot be changed on reload).'),
    net_namespace_ipvs: args([O('NAME', str())], 'Network namespace in which to configure IPVS; without NAME the default namespace is used.'),
    namespace_with_ipsets: flag('Allow ipsets to be used with a network namespace on kernels before 3.13.'),
    use_pid_dir: flag('Create the pid files in /run/keepalived.'),
    instance: args([O('NAME', str())], 'Instance name, used in pid file names when several keepalived instances run in one namespace.'),
    child_wait_time: args([A('SECS', int(0))], 'Time in seconds the main process allows child processes to exit on termination.', { default: '5' }),
    global_defs: block('Global definitions block.'),
    SSL: block('SSL context (key, certificate, CA) used by SSL_GET checkers; generated automatically if absent.'),
    virtual_server_group: vblock('vsg', 'Named group of virtual addresses/ranges/fwmarks that a virtual_server can use with "virtual_server group NAME".', { headArgs: [A('NAME', defines('virtual_server_group'))] }),
    virtual_server: block('An IPVS virtual service: "virtual_server IP [PORT]", "virtual_server fwmark N" or "virtual_server group NAME".', [A('ADDRESS|fwmark|group', any), O('PORT|FWMARK|VSG_NAME', any)]),
    bfd_instance: block('A BFD (RFC 5880) session with a neighbour, usable from track_bfd and BFD_CHECK.', [A('NAME', defines('bfd_instance'))]),
    track_file: block('Defines a file whose integer value is tracked by vrrp instances, sync groups (track_file) and real servers (FILE_CHECK).', [A('NAME', defines('track_file'))]),
    vrrp_track_file: block('Deprecated synonym of track_file.', [A('NAME', defines('track_file'))], { synonymOf: 'track_file' }),
    track_group: block('Static track group: vrrp instances that go to fault if a static address/route/rule with this track_group is removed.', [A('NAME', defines('track_group'))]),
    static_ipaddress: vblock('vip', 'Static addresses configured at startup and never moved by VRRP (ip address add syntax).'),
    static_routes: vblock('route', 'Static routes configured at startup (ip route add syntax).'),
    static_rules: vblock('rule', 'Static policy routing rules configured at startup (ip rule add syntax).'),
    vrrp_sync_group: block('A group of vrrp instances that change state together.', [A('NAME', defines('vrrp_sync_group'))]),
    garp_group: block('Limits the rate of gratuitous ARPs / unsolicited neighbour adverts on an interface or a group of interfaces.'),
    linkbeat_interfaces: vblock('linkbeat', 'Interfaces whose link state is polled (MII, ETHTOOL or IOCTL) instead of read from netlink.'),
    vrrp_instance: block('A VRRP instance: one virtual router (VRID) with its virtual addresses on an interface.', [A('NAME', defines('vrrp_instance'))]),
    vrrp_script: block('A script run periodically whose exit status is tracked by vrrp instances (track_script).', [A('NAME', defines('vrrp_script'))]),
    vrrp_track_process: block('Monitors whether a process is running; tracked by vrrp instances (track_process).', [A('NAME', defines('vrrp_track_process'))]),
    interface_up_down_delays: vblock('if_delays', 'Per-interface delays (0..255 s) before an interface down/up transition is acted on.'),
  },

  SSL: {
    password: args([O('PASSWORD', str())], 'Password of the SSL private key.'),
    ca: args([O('FILE', path)], 'CA certificate file.'),
    certificate: args([O('FILE', path)], 'Certificate file.'),
    key: args([O('FILE', path)], 'Private key file.'),
  },

  bfd_instance: {
    source_ip: args([A('IPADDR', ip())], 'Source address of the BFD packets (needed to ensure the local port is valid).'),
    neighbor_ip: args([A('IPADDR', ip())], 'Address of the BFD neighbour (required for the instance to run).'),
    neighbour_ip: args([A('IPADDR', ip())], 'Address of the BFD neighbour (synonym of neighbor_ip).', { synonymOf: 'neighbor_ip' }),
    min_rx: args([A('MS', msec(1))], 'Required minimum receive interval, in milliseconds (microsecond resolution).', { default: '10' }),
    min_tx: args([A('MS', msec(1))], 'Desired minimum transmit interval, in milliseconds.', { default: '10' }),
    idle_tx: args([A('MS', msec(1000))], 'Desired idle transmit interval, in milliseconds.', { default: '1000' }),
    multiplier: args([A('COUNT', int(1, 255))], 'Number of missed packets after which the session is declared down.', { default: '5' }),
    passive: flag('Operate in passive mode (wait for the neighbour to start the session).'),
    ttl: args([A('TTL', int(1, 255))], 'Outgoing IPv4 TTL.', { default: '255' }),
    hoplimit: args([A('HOPLIMIT', int(1, 255))], 'Outgoing IPv6 hop limit (same setting as ttl).', { default: '64', synonymOf: 'ttl' }),
    max_hops: args([A('HOPS', int(-1, 255))], 'Maximum reduction of TTL/hop limit in received packets; 255 disables the check.', { default: '0' }),
    multihop: obool('Multihop BFD session (RFC 5883): the neighbour is not directly connected.'),
    weight: args([A('WEIGHT', int(-253, 253)), O('reverse', enumCS('reverse'))], 'Default tracking weight added to the priority of vrrp instances tracking this BFD instance; reverse inverts the direction.', { default: '0' }),
    vrrp: flag('Send the event notifications of this instance only to the VRRP process.'),
    checker: flag('Send the event notifications of this instance only to the checker process.'),
  },

  garp_group: {
    garp_interval: args([A('SECS', secs(0))], 'Interval between gratuitous ARPs on these interfaces, in seconds (microsecond resolution).'),
    gna_interval: args([A('SECS', secs(0))], 'Interval between unsolicited neighbour adverts on these interfaces, in seconds.'),
    interface: args([A('IFNAME', ifname)], 'Single physical interface to which the intervals apply.'),
    interfaces: vblock('names', 'Interfaces across which the delays are aggregated (all linked to the same switch).'),
  },

  global_defs: {
    process_names: flag('Set the process names to the defaults keepalived, keepalived_vrrp, keepalived_ipvs, keepalived_bfd.'),
    process_name: args([A('NAME', str(15))], 'Process name of the parent process (truncated to 15 characters).'),
    vrrp_process_name: args([A('NAME', str(15))], 'Process name of the VRRP child process.'),
    checker_process_name: args([A('NAME', str(15))], 'Process name of the checker (IPVS) child process.'),
    lvs_process_name: args([A('NAME', str(15))], 'Process name of the checker child process (deprecated synonym of checker_process_name).', { synonymOf: 'checker_process_name' }),
    bfd_process_name: args([A('NAME', str(15))], 'Process name of the BFD child process.'),
    use_symlink_paths: obool('Keep symbolic links in script paths instead of resolving them to the real path, so a symlink can be switched to change the script.'),
    set_supplementary_groups: obool('Set the supplementary groups of the script user when running scripts.'),
    router_id: args([O('NAME', str())], 'String identifying the machine in notification emails (need not be the hostname).', { default: 'local host name' }),
    notification_email_from: args([O('EMAIL', str())], 'From: address of notification emails.', { default: 'keepalived@<local host name>' }),
    smtp_server: args([A('SERVER', any), O('PORT', port(1))], 'SMTP server (IP address or domain name, optional port) used to send notification emails.', { default: 'port 25' }),
    smtp_helo_name: args([O('NAME', str())], 'Name used in SMTP HELO messages.', { default: 'local host name' }),
    smtp_connect_timeout: args([A('SECS', int(1))], 'SMTP server connection timeout in seconds.'),
    notification_email: vblock('email', 'Email addresses that receive notification emails.'),
    smtp_alert: obool('Default for all smtp_alert settings (send email on state changes).'),
    startup_script: scriptLineOpt('Script run once when keepalived starts, before the child processes.'),
    startup_script_timeout: args([O('SECS', int(1, 1000))], 'Time allowed for the startup script to run, in seconds.', { default: '10' }),
    shutdown_script: scriptLineOpt('Script run once when keepalived stops, after the child processes have terminated.'),
    shutdown_script_timeout: args([O('SECS', int(1, 1000))], 'Time allowed for the shutdown script to run, in seconds.', { default: '10' }),
    max_auto_priority: args([O('PRIORITY', int(-1, 99))], 'Maximum realtime priority keepalived may raise itself to when it detects it is not scheduled in time; -1 disables the warning, no value = maximum.', { default: '0 (no automatic increase)' }),
    min_auto_priority_delay: args([O('USECS', int(1, 10000000))], 'Scheduling delay in microseconds after which the process priority is automatically increased.', { default: '1000000' }),
    smtp_alert_vrrp: obool('Default smtp_alert state for vrrp instances and sync groups.'),
    smtp_alert_checker: obool('Default smtp_alert state for virtual and real servers.'),
    checker_log_all_failures: obool('Log every failed real server check, not just state changes.'),
    dynamic_interfaces: args([O('allow_if_changes', enumCS('allow_if_changes'))], 'Allow interfaces that do not exist at startup (and, with allow_if_changes, interfaces that are recreated with a different type).'),
    no_email_faults: flag('Do not send emails for fault conditions.'),
    default_interface: args([O('IFNAME', ifname)], 'Default interface for static addresses and VIPs without dev.', { default: 'eth0' }),
    disable_local_igmp: flag('Set igmp_link_local_mcast_reports to 0 so no IGMP reports are sent for 224.0.0.0/24 (Linux 4.3+).'),
    v3_checksum_as_v2: obool('Calculate VRRPv3 checksums like VRRPv2 (without the pseudo header), for interoperability with some other implementations.'),
    lvs_timeouts: free([O('tcp|tcpfin|udp', any)], 'IPVS connection timeouts in seconds: [tcp SECS] [tcpfin SECS] [udp SECS] (max 2678400).'),
    lvs_flush: flag('Flush any existing IPVS configuration at startup.'),
    lvs_flush_on_stop: args([O('VS', enumCS('VS'))], 'Flush the remaining IPVS configuration at shutdown; with VS, delete each keepalived virtual server and let the kernel remove its real servers.'),
    lvs_flush_onstop: args([O('VS', enumCS('VS'))], 'Deprecated spelling of lvs_flush_on_stop.', { synonymOf: 'lvs_flush_on_stop' }),
    lvs_sync_daemon: free([O('IFNAME', ifname)], 'Run the IPVS connection sync daemon: IFNAME [[inst] VRRP_INSTANCE] [id 0..255] [maxlen 1..65507] [port 1..65535] [ttl 1..255] [group MCAST_IP]; with a vrrp instance the master/backup sync daemon follows its state.'),
    vrrp_mcast_group4: args([A('IPADDR', ip({ family: 4, multicast: true }))], 'Multicast group for IPv4 VRRP adverts.', { default: '224.0.0.18' }),
    vrrp_mcast_group6: args([A('IPADDR', ip({ family: 6, multicast: true }))], 'Multicast group for IPv6 VRRP adverts.', { default: 'ff02::12' }),
    vrrp_garp_master_delay: args([A('SECS', int(0))], 'Delay in seconds for the second set of gratuitous ARPs after becoming MASTER; 0 for no second set.', { default: '5' }),
    vrrp_garp_master_repeat: args([A('COUNT', int(1))], 'Number of gratuitous ARPs sent at a time after becoming MASTER.', { default: '5' }),
    vrrp_garp_master_refresh: args([A('SECS', int(0))], 'Interval in seconds for refreshing gratuitous ARPs while MASTER; 0 = no refresh.', { default: '0' }),
    vrrp_garp_master_refresh_repeat: args([A('COUNT', int(1))], 'Number of gratuitous ARPs sent at a time on each refresh while MASTER.', { default: '1' }),
    vrrp_garp_lower_prio_delay: args([A('SECS', int(0))], 'Delay for the second set of gratuitous ARPs after a lower priority advert is received while MASTER.', { default: 'vrrp_garp_master_delay' }),
    vrrp_garp_lower_prio_repeat: args([A('COUNT', int(0))], 'Number of gratuitous ARPs sent at a time after a lower priority advert is received while MASTER.', { default: 'vrrp_garp_master_repeat' }),
    vrrp_down_timer_adverts: args([A('COUNT', int(1, 100))], 'Number of advert intervals a backup waits before taking over (default for down_timer_adverts).', { default: '3' }),
    vrrp_garp_interval: args([A('SECS', secs(0.000001))], 'Delay between gratuitous ARP messages sent on an interface, in seconds (microsecond resolution; 0 is rejected).'),
    vrrp_gna_interval: args([A('SECS', secs(0.000001))], 'Delay between unsolicited neighbour adverts sent on an interface, in seconds (microsecond resolution; 0 is rejected).'),
    vrrp_min_garp: obool('Send only one gratuitous ARP/NA after becoming MASTER, with no repeat 5 seconds later.'),
    vrrp_garp_extra_if: free([O('all|SECS', any)], 'Send periodic gratuitous ARP/NA every SECS (1..86400) on VIP interfaces other than the instance interface (only VMACs unless all is given).'),
    vrrp_vmac_garp_intvl: free([O('all|SECS', any)], 'Deprecated spelling of vrrp_garp_extra_if.', { synonymOf: 'vrrp_garp_extra_if' }),
    vrrp_lower_prio_no_advert: obool('Do not send an advert when a lower priority advert is received (RFC behaviour); default for lower_prio_no_advert.'),
    vrrp_higher_prio_send_advert: obool('When MASTER and a higher priority advert is received, send an advert before becoming BACKUP; default for higher_prio_send_advert.'),
    vrrp_version: args([A('VERSION', enumCS('2', '3'))], 'Default VRRP version (IPv6 instances always use 3).', { default: '2' }),
    vrrp_iptables: args([O('IN_CHAIN', str()), O('OUT_CHAIN', str())], 'Use iptables chains to implement no_accept and IGMP filtering (falls back to nftables when built without iptables).', { default: 'INPUT OUTPUT' }),
    vrrp_ipsets: args([O('SET', str()), O('SET6', str()), O('SET_IF6', str()), O('SET_IGMP', str()), O('SET_MLD', str())], 'Names of the ipsets used with vrrp_iptables; without names ipsets are not used.', { default: 'keepalived keepalived6 keepalived_if6 keepalived_igmp keepalived_mld' }),
    nftables: args([O('TABLE', str())], 'Use nftables as the firewall for no_accept and IGMP filtering, in this table.', { default: 'keepalived' }),
    nftables_priority: args([A('PRIORITY', int(-2147483648, 2147483647))], 'Priority of the nftables base chains keepalived creates.', { default: '-1' }),
    nftables_ifindex: flag('Use interface indexes rather than names in nftables IPv6 link-local sets.'),
    vrrp_check_unicast_src: flag('In unicast mode, check that the source address of adverts is one of the unicast peers (default for check_unicast_src).'),
    vrrp_skip_check_adv_addr: flag('Skip checking the addresses in adverts from the same master as the previous advert (default for skip_check_adv_addr).'),
    vrrp_strict: flag('Enforce strict VRRP protocol compliance (no unicast, no authentication, VIPs required, MASTER only with priority 255, ...).'),
    vrrp_priority: args([O('NICE', int(-20, 19))], 'Scheduling priority (nice value) of the VRRP child process.'),
    vrrp_no_swap: flag('Lock the VRRP child process in memory (non swappable).'),
    vrrp_rt_priority: args([O('PRIORITY', int(1, 99))], 'Run the VRRP child process with realtime scheduling at this priority.'),
    vrrp_cpu_affinity: free([O('CPU', int(0))], 'CPU ids the VRRP child process may run on.'),
    vrrp_rlimit_rttime: args([A('USECS', int(1, 4294967295))], 'RLIMIT_RTTIME for the VRRP process under realtime scheduling, in microseconds.', { default: '10000' }),
    vrrp_rlimit_rtime: args([A('USECS', int(1, 4294967295))], 'Deprecated spelling of vrrp_rlimit_rttime.', { synonymOf: 'vrrp_rlimit_rttime' }),
    nftables_ipvs: args([O('TABLE', str())], 'Use nftables to set fwmarks for virtual server groups, in this table.', { default: 'keepalived_ipvs' }),
    nftables_ipvs_priority: args([A('PRIORITY', int(-2147483648, 2147483647))], 'Priority of the IPVS nftables chains.'),
    nftables_ipvs_start_fwmark: args([A('FWMARK', int(1, 4294967295))], 'First fwmark allocated to virtual server groups with nftables_ipvs.', { default: '1000' }),
    nftables_counters: flag('Add counters to the nftables rules keepalived creates (debugging).'),
    notify_fifo: args([O('FIFO', path), O('USERNAME', str()), O('GROUPNAME', str())], 'FIFO to which all notify events (vrrp and checker) are written.'),
    notify_fifo_script: scriptLineOpt('Script started by keepalived to read the notify FIFO (the FIFO name is passed as last parameter).'),
    vrrp_notify_fifo: args([O('FIFO', path), O('USERNAME', str()), O('GROUPNAME', str())], 'FIFO to which vrrp notify events are written, e.g. INSTANCE "VI_1" MASTER 100.'),
    vrrp_notify_fifo_script: scriptLineOpt('Script started by keepalived to read the vrrp notify FIFO.'),
    vrrp_notify_priority_changes: obool('Send vrrp priority change notifications on the notify FIFOs.'),
    fifo_write_vrrp_states_on_reload: obool('Write the state of every vrrp instance to the notify FIFOs after a reload.'),
    lvs_notify_fifo: args([O('FIFO', path), O('USERNAME', str()), O('GROUPNAME', str())], 'FIFO to which checker notify events are written, e.g. RS [1.2.3.4]:tcp:80 [192.168.201.15]:tcp:80 UP.'),
    lvs_notify_fifo_script: scriptLineOpt('Script started by keepalived to read the checker notify FIFO.'),
    checker_priority: args([O('NICE', int(-20, 19))], 'Scheduling priority (nice value) of the checker child process.'),
    checker_no_swap: flag('Lock the checker child process in memory (non swappable).'),
    checker_rt_priority: args([O('PRIORITY', int(1, 99))], 'Run the checker child process with realtime scheduling at this priority.'),
    checker_cpu_affinity: free([O('CPU', int(0))], 'CPU ids the checker child process may run on.'),
    checker_rlimit_rttime: args([A('USECS', int(1, 4294967295))], 'RLIMIT_RTTIME for the checker process under realtime scheduling, in microseconds.', { default: '10000' }),
    checker_rlimit_rtime: args([A('USECS', int(1, 4294967295))], 'Deprecated spelling of checker_rlimit_rttime.', { synonymOf: 'checker_rlimit_rttime' }),
    bfd_priority: args([O('NICE', int(-20, 19))], 'Scheduling priority (nice value) of the BFD child process.'),
    bfd_no_swap: flag('Lock the BFD child process in memory (non swappable).'),
    bfd_rt_priority: args([O('PRIORITY', int(1, 99))], 'Run the BFD child process with realtime scheduling at this priority.'),
    bfd_cpu_affinity: free([O('CPU', int(0))], 'CPU ids the BFD child process may run on.'),
    bfd_rlimit_rttime: args([A('USECS', int(1, 4294967295))], 'RLIMIT_RTTIME for the BFD process under realtime scheduling, in microseconds.', { default: '10000' }),
    bfd_rlimit_rtime: args([A('USECS', int(1, 4294967295))], 'Deprecated spelling of bfd_rlimit_rttime.', { synonymOf: 'bfd_rlimit_rttime' }),
    snmp_socket: args([O('SOCKET', str())], 'Socket for connecting to the SNMP master agent, e.g. udp:1.2.3.4:705.', { default: 'unix:/var/agentx/master' }),
    enable_traps: flag('Enable SNMP traps.'),
    enable_snmp_vrrp: flag('Enable SNMP handling of the vrrp part of the KEEPALIVED MIB.'),
    enable_snmp_keepalived: flag('Deprecated synonym of enable_snmp_vrrp.', { synonymOf: 'enable_snmp_vrrp' }),
    enable_snmp_rfc: flag('Enable SNMP handling of the RFC2787 and RFC6527 VRRP MIBs.'),
    enable_snmp_rfcv2: flag('Enable SNMP handling of the RFC2787 VRRP MIB.'),
    enable_snmp_rfcv3: flag('Enable SNMP handling of the RFC6527 VRRP MIB.'),
    enable_snmp_checker: flag('Enable SNMP handling of the checker part of the KEEPALIVED MIB.'),
    snmp_vs_stats_update_interval: args([O('SECS', secs(0))], 'Minimum interval in seconds between fetches of virtual server statistics from the kernel for SNMP.'),
    snmp_rs_stats_update_interval: args([O('SECS', secs(0))], 'Minimum interval in seconds between fetches of real server statistics from the kernel for SNMP.'),
    enable_dbus: flag('Enable the DBus interface.'),
    dbus_service_name: args([O('NAME', str())], 'DBus service name (to run several keepalived with DBus).', { default: 'org.keepalived.Vrrp1' }),
    dbus_no_interface_name: obool('Do not include the interface name in DBus object paths.'),
    script_user: args([O('USERNAME', str()), O('GROUPNAME', str())], 'Default user (and group) that scripts are run as.', { default: 'keepalived_script if it exists, else root' }),
    enable_script_security: flag('Do not run scripts as root if any part of their path is writable by a non-root user.'),
    vrrp_netlink_cmd_rcv_bufs: args([O('BYTES', int(0))], 'Receive buffer size of the VRRP netlink command socket.'),
    vrrp_netlink_cmd_rcv_bufs_force: obool('Use SO_RCVBUFFORCE so vrrp_netlink_cmd_rcv_bufs may exceed rmem_max.'),
    vrrp_netlink_monitor_rcv_bufs: args([O('BYTES', int(0))], 'Receive buffer size of the VRRP netlink monitor socket.'),
    vrrp_netlink_monitor_rcv_bufs_force: obool('Use SO_RCVBUFFORCE so vrrp_netlink_monitor_rcv_bufs may exceed rmem_max.'),
    process_monitor_rcv_bufs: args([O('BYTES', int(0))], 'Receive buffer size of the process monitor (track_process) socket.'),
    process_monitor_rcv_bufs_force: obool('Use SO_RCVBUFFORCE so process_monitor_rcv_bufs may exceed rmem_max.'),
    lvs_netlink_cmd_rcv_bufs: args([O('BYTES', int(0))], 'Receive buffer size of the checker netlink command socket.'),
    lvs_netlink_cmd_rcv_bufs_force: obool('Use SO_RCVBUFFORCE so lvs_netlink_cmd_rcv_bufs may exceed rmem_max.'),
    lvs_netlink_monitor_rcv_bufs: args([O('BYTES', int(0))], 'Receive buffer size of the checker netlink monitor socket.'),
    lvs_netlink_monitor_rcv_bufs_force: obool('Use SO_RCVBUFFORCE so lvs_netlink_monitor_rcv_bufs may exceed rmem_max.'),
    rs_init_notifies: obool('Send notifies at startup for real servers that are starting up.'),
    no_checker_emails: obool('Only send checker emails when a real server is added or removed, not on every checker state change.'),
    vrrp_rx_bufs_policy: free([O('MTU|ADVERT|SIZE', any)], 'How to size VRRP socket receive buffers: MTU or ADVERT (times vrrp_rx_bufs_multiplier), or a size in bytes.', { default: 'system default' }),
    vrrp_rx_bufs_multiplier: args([O('COUNT', int(1))], 'Multiplier for vrrp_rx_bufs_policy MTU/ADVERT.', { default: '3' }),
    vrrp_startup_delay: args([A('SECS', secs(0, undefined, true))], 'Delay in seconds before vrrp instances start after keepalived starts (e.g. for slow bond interfaces at boot).'),
    vrrp_delay_after_boot: args([O('SECS', secs(0))], 'Delay vrrp instances only when keepalived starts within this many seconds of system boot.'),
    log_unknown_vrids: flag('Log adverts received for VRIDs not configured on the receiving interface.'),
    vrrp_owner_ignore_adverts: obool('Address owners (priority 255) ignore adverts from other routers; default for owner_ignore_adverts.'),
    vmac_prefix: args([A('PREFIX', str())], 'Prefix of generated VMAC interface names.', { default: 'vrrp' }),
    vmac_addr_prefix: args([A('PREFIX', str())], 'Prefix of generated VMAC names for VIPs that use a VMAC on another interface.', { default: 'vmac_prefix' }),
    umask: free([A('NUMBER|BITS', any)], 'umask for files keepalived creates: a number (hex, octal or decimal) or bits like IWGRP|IWOTH.', { default: 'IWGRP|IWOTH' }),
    random_seed: args([A('SEED', int(0, 4294967295))], 'Seed for ${_RANDOM}, to make generated configurations repeatable.'),
    reload_check_config: args([O('LOG_FILE', path)], 'Validate the configuration before a reload and only reload if it is valid.', { default: '/dev/null' }),
    reload_time_file: args([O('FILE', path)], 'File containing a time (HH:MM:SS or [YY]YY-MM-DD HH:MM:SS[Z]) at which keepalived schedules a reload.'),
    reload_repeat: flag('Do not delete reload_time_file after the reload, so a time-only entry reloads every day.'),
    reload_file: args([O('FILE', path)], 'File created while keepalived reads its configuration and removed when done.', { default: 'keepalived.reload in the pid directory' }),
    include_check: free([O('OPTION', any)], 'Treat include problems as errors: [+|-]readable|match|wildcard_match|brace_match ...; no option = all checks.'),
    config_save_dir: args([O('DIR', path)], 'Directory in which the consolidated configuration read by each process is saved (debugging).'),
    tmp_config_directory: args([O('DIR', path)], 'Directory on whose filesystem the temporary copy of the configuration is written instead of memory.'),
    data_use_instance: obool('Include the instance name and network namespace in the names of the .data dump files.'),
    json_version: args([O('VERSION', enumCS('1', '2'))], 'Format version of the JSON state dump.', { default: '1' }),
    iproute_usr_dir: args([O('DIR', path)], 'Directory of the iproute2 configuration files shipped with the system (rt_tables etc.).'),
    iproute_etc_dir: args([O('DIR', path)], 'Directory of the local iproute2 configuration files (rt_tables etc.).'),
    state_dump_file: args([O('FILE', path)], 'File to which the state dump (SIGUSR1) is written.'),
    stats_dump_file: args([O('FILE', path)], 'File to which the statistics dump (SIGUSR2) is written.'),
    json_dump_file: args([O('FILE', path)], 'File to which the JSON state dump is written.'),
  },

  track_file: trackFileKeywords,
  vrrp_track_file: trackFileKeywords,

  track_group: {
    group: vblock('names', 'Names of the vrrp instances that track the static addresses/routes/rules of this group.', { valueRef: 'vrrp_instance' }),
  },

  virtual_server: {
    ip_family: args([A('FAMILY', enumCS('inet', 'inet6'))], 'Address family of a fwmark virtual server (needed only if all real servers are tunnelled).', { default: 'inet' }),
    retry: args([A('COUNT', int(1))], 'Default retry count of the checkers of this virtual server.', { default: '1' }),
    delay_before_retry: args([A('TIMER', secs(0))], 'Default delay in seconds before retrying a failed check.'),
    warmup: args([A('TIMER', secs(0))], 'Default maximum random delay in seconds before the first check.'),
    connect_timeout: args([A('TIMER', secs(0, undefined, true))], 'Default checker connection timeout in seconds.', { default: '5' }),
    delay_loop: args([A('TIMER', secs(0, undefined, true))], 'Default interval between checks, in seconds.', { default: '60' }),
    inhibit_on_failure: flag('Set the weight of a failed real server to 0 instead of removing it from IPVS.'),
    lb_algo: args([A('SCHEDULER', enumCS('rr', 'wrr', 'lc', 'wlc', 'lblc', 'sh', 'mh', 'dh', 'fo', 'ovf', 'lblcr', 'sed', 'nq', 'twos'))], 'IPVS scheduler.', { default: 'wlc (with a warning)' }),
    lvs_sched: args([A('SCHEDULER', enumCS('rr', 'wrr', 'lc', 'wlc', 'lblc', 'sh', 'mh', 'dh', 'fo', 'ovf', 'lblcr', 'sed', 'nq', 'twos'))], 'IPVS scheduler (synonym of lb_algo).', { synonymOf: 'lb_algo', default: 'wlc (with a warning)' }),
    hashed: flag('Historic scheduler flag; keepalived accepts the keyword but sets no IPVS flag for it (and reports it unless the scheduler is sh or mh).'),
    ops: flag('One-packet scheduling for UDP (ipvsadm -o).'),
    'flag-1': flag('Set scheduler flag 1 (ipvsadm -b flag-1).'),
    'flag-2': flag('Set scheduler flag 2 (ipvsadm -b flag-2).'),
    'flag-3': flag('Set scheduler flag 3 (ipvsadm -b flag-3).'),
    'sh-port': flag('Include the source port in the sh scheduler hash (sh scheduler only).'),
    'sh-fallback': flag('sh scheduler: fall back to another server if the selected one is unavailable (sh scheduler only).'),
    'mh-port': flag('Include the source port in the mh scheduler hash (mh scheduler only).'),
    'mh-fallback': flag('mh scheduler: fall back to another server if the selected one is unavailable (mh scheduler only).'),
    lb_kind: lvsMethod(lvsMethodDoc, { default: 'NAT (with a warning; note ipvsadm defaults to DR)' }),
    lvs_method: lvsMethod(`${lvsMethodDoc} Synonym of lb_kind.`, { synonymOf: 'lb_kind', default: 'NAT (with a warning; note ipvsadm defaults to DR)' }),
    persistence_engine: args([A('ENGINE', str())], 'IPVS persistence engine name (currently only sip).'),
    persistence_timeout: args([O('SECS', int(1, 2678400))], 'Persistence timeout in seconds (1..2678400); the bare keyword means 360.', { default: '360 when given without value' }),
    persistence_granularity: args([A('NETMASK|PREFIX', any)], 'Persistence granularity: an IPv4 netmask or an IPv6 prefix length 1..128 (ipvsadm -M).'),
    protocol: args([A('PROTOCOL', enumCI('TCP', 'UDP', 'SCTP'))], 'Layer 4 protocol of the virtual service (ignored for fwmark services).', { default: 'UDP (with a warning)' }),
    ha_suspend: flag('Suspend health checking while the virtual address is not configured on the host.'),
    smtp_alert: obool('Send email on quorum transitions.', { default: 'global smtp_alert/smtp_alert_checker' }),
    virtualhost: args([O('HOST', str())], 'Default virtual host for HTTP_GET/SSL_GET checkers.'),
    snmp_name: args([O('NAME', str())], 'Text returned in SNMP data to identify this virtual server.'),
    alpha: flag('Assume all real servers are down at startup until their checks succeed.'),
    omega: flag('On shutdown run the quorum and real server down notifiers.'),
    quorum_up: scriptLine('Script run when the quorum is gained.'),
    quorum_down: scriptLine('Script run when the quorum is lost.'),
    quorum: args([A('WEIGHT', int(1))], 'Minimum total weight of live real servers for the service to be considered up.', { default: '1' }),
    hysteresis: args([A('WEIGHT', int(0))], 'Weight tolerance around the quorum before quorum gain or loss is declared (must be < quorum).', { default: '0' }),
    weight: args([A('WEIGHT', int(1, 2147483647))], 'Default weight of the real servers of this virtual server.', { default: '1' }),
    sorry_server: args([A('IPADDR', ip()), O('PORT', port())], 'Server added to IPVS when the quorum is lost (all real servers are then removed).'),
    sorry_server_inhibit: flag('Apply inhibit_on_failure behaviour to the sorry server.'),
    sorry_server_lvs_method: lvsMethod(`Forwarding method of the sorry server: ${lvsMethodDoc.slice('LVS forwarding method: '.length)}`, { default: 'the virtual server method' }),
    real_server: block('A real server (backend) of the virtual service.', [A('IPADDR', ip()), O('PORT', port())]),
  },

  'virtual_server/real_server': {
    weight: args([A('WEIGHT', int(0, 2147483647))], 'IPVS weight of the real server; 0 makes it quiescent.', { default: 'the virtual server weight (1)' }),
    lvs_method: lvsMethod(`${lvsMethodDoc} (lb_kind is not accepted here.)`, { default: 'the virtual server method' }),
    uthreshold: args([A('CONNECTIONS', int(0))], 'Upper connection threshold: no new connections beyond it.'),
    lthreshold: args([A('CONNECTIONS', int(0))], 'Lower connection threshold at which the server becomes available again.'),
    inhibit_on_failure: obool('Set the weight to 0 on failure instead of removing the server from IPVS.', { default: 'the virtual server setting' }),
    notify_up: scriptLine('Script run when the checkers consider the server up.'),
    notify_down: scriptLine('Script run when the checkers consider the server down.'),
    alpha: obool('Assume the server is down at startup until its checks succeed.', { default: 'the virtual server setting' }),
    retry: args([A('COUNT', int(1))], 'Default retry count of the checkers of this real server.'),
    delay_before_retry: args([A('TIMER', secs(0))], 'Default delay in seconds before retrying a failed check.'),
    warmup: args([A('TIMER', secs(0))], 'Default maximum random delay in seconds before the first check.'),
    connect_timeout: args([A('TIMER', secs(0, undefined, true))], 'Default checker connection timeout in seconds.'),
    delay_loop: args([A('TIMER', secs(0, undefined, true))], 'Default interval between checks, in seconds.'),
    smtp_alert: obool('Send email on state transitions of this real server.', { default: 'yes unless global smtp_alert/smtp_alert_checker set' }),
    virtualhost: args([O('HOST', str())], 'Default virtual host for the HTTP_GET/SSL_GET checkers of this server.'),
    snmp_name: args([O('NAME', str())], 'Text returned in SNMP data to identify this real server.'),
    MISC_CHECK: block('Health check by running a script or program.'),
    SMTP_CHECK: block('SMTP health check (connect and HELO).'),
    TCP_CHECK: block('TCP connect health check.'),
    PING_CHECK: block('ICMP echo health check.'),
    UDP_CHECK: block('UDP health check (relies on ICMP errors, optionally a reply).'),
    HTTP_GET: block('HTTP GET health check of one or more URLs.'),
    SSL_GET: block('HTTPS GET health check of one or more URLs.'),
    DNS_CHECK: block('DNS query health check (UDP).'),
    FILE_CHECK: block('Health check from the value of a track_file.'),
    BFD_CHECK: block('Health check from the state of a bfd_instance.'),
  },

  'virtual_server/real_server/BFD_CHECK': {
    name: args([O('BFD_NAME', ref('bfd_instance'))], 'Name of the bfd_instance whose state this checker follows.'),
    alpha: obool('Assume the service is down at startup until the BFD session is up.'),
  },

  'virtual_server/real_server/DNS_CHECK': {
    ...checkerAll,
    type: args([A('TYPE', enumCI('A', 'NS', 'CNAME', 'SOA', 'MX', 'TXT', 'AAAA', 'RRSIG', 'DNSKEY'))], 'DNS query type.', { default: 'SOA' }),
    name: args([A('DOMAIN', str())], 'Domain name to query.', { default: '.' }),
  },

  'virtual_server/real_server/FILE_CHECK': {
    track_file: args([A('TRACK_FILE', ref('track_file'))], 'Name of the track_file whose value drives this checker.'),
    weight: args([O('WEIGHT', int(-2147483647, 2147483647)), O('reverse|noreverse', enumCS('reverse', 'noreverse'))], 'Multiplier applied to the value read from the file before adding it to the real server weight.', { default: 'the track_file weight' }),
  },

  'virtual_server/real_server/HTTP_GET': httpKeywords(false),
  'virtual_server/real_server/HTTP_GET/url': urlKeywords(false),

  'virtual_server/real_server/MISC_CHECK': {
    ...commonCheckerKeywords,
    misc_path: free([O('COMMAND', script)], 'Script or program to run (quoted with its arguments); a non-zero exit status fails the check.'),
    misc_timeout: args([A('SECS', int(0))], 'Timeout of the script in seconds.', { default: 'delay_loop' }),
    misc_dynamic: flag('Use the exit status to adjust the weight: 0 ok, 1 failed, 2..255 ok with weight = status - 2.'),
    user: args([O('USERNAME', str()), O('GROUPNAME', str())], 'User (and group) the script runs as.'),
  },

  'virtual_server/real_server/PING_CHECK': checkerAll,

  'virtual_server/real_server/SMTP_CHECK': {
    helo_name: args([O('NAME', str())], 'Name to send in the SMTP HELO request.'),
    ...checkerAll,
    host: block('Deprecated: an additional host to check; use separate SMTP_CHECK blocks.'),
  },
  'virtual_server/real_server/SMTP_CHECK/host': checkerAll,

  'virtual_server/real_server/SSL_GET': httpKeywords(true),
  'virtual_server/real_server/SSL_GET/url': urlKeywords(true),

  'virtual_server/real_server/TCP_CHECK': checkerAll,

  'virtual_server/real_server/UDP_CHECK': {
    ...checkerAll,
    payload: free([O('HEX', any)], 'Hex string sent as the UDP payload (spaces allowed); default is a random payload.'),
    require_reply: free([O('HEX', any)], 'Require a reply; if a hex string is given (x/X = wildcard nibble) the reply must match it.'),
    min_reply_length: args([A('BYTES', int(0, 65535))], 'Minimum accepted reply length.', { default: '0' }),
    max_reply_length: args([A('BYTES', int(0, 65535))], 'Maximum accepted reply length.', { default: '255' }),
  },

  vrrp_instance: {
    use_vmac: free([O('VMAC_IFNAME', any)], 'Use a VRRP virtual MAC (macvlan) interface: [[name] IFNAME] [MAC] [netlink_notify_msg] [group GROUP].', { default: 'vrrp.VRID' }),
    use_vmac_addr: flag('Create VMAC interfaces also for VIPs/eVIPs on other interfaces or of the other address family.'),
    vmac_xmit_base: flag('Send and receive VRRP adverts on the base interface instead of the VMAC.'),
    use_ipvlan: free([O('IFNAME', any)], 'Use an L2 ipvlan interface: [[name] IFNAME] [IP/PREFIX] [bridge|private|vepa] [group GROUP].'),
    unicast_peer: vblock('unicast_peer', 'Send adverts by unicast to these peers instead of multicast.'),
    unicast_fault_no_peer: flag('Go to FAULT state when the unicast_peer block has no peers.'),
    check_unicast_src: flag('Check that the source address of received adverts is one of the unicast peers.'),
    old_unicast_checksum: args([O('never', enumCS('never'))], 'Use the pre-1.3.6 VRRPv3 unicast checksum; with never, disable auto-detection of old checksums.'),
    native_ipv6: flag('Force the instance to IPv6 (deprecated: the VIP address family decides).'),
    state: args([A('STATE', enumCS('MASTER', 'BACKUP'))], 'Initial state; MASTER takes over immediately only with priority 255.', { default: 'MASTER if priority 255, else BACKUP' }),
    interface: args([A('IFNAME', ifname)], 'Interface on which VRRP runs (may be omitted with unicast).'),
    vrf: args([A('IFNAME', ifname)], 'VRF interface the instance runs in (instead of interface).'),
    dont_track_primary: flag('Ignore faults of the instance interface.'),
    track_interface: vblock('track_interface', 'Interfaces to monitor: FAULT when one goes down, or with a weight adjust the priority.'),
    track_script: vblock('track_ref', 'vrrp_script entries to monitor.', { valueRef: 'vrrp_script' }),
    track_file: vblock('track_ref', 'track_file entries whose value is added to the priority.', { valueRef: 'track_file' }),
    track_process: vblock('track_ref', 'vrrp_track_process entries to monitor.', { valueRef: 'vrrp_track_process' }),
    track_bfd: vblock('track_ref', 'bfd_instance entries to monitor.', { valueRef: 'bfd_instance' }),
    mcast_src_ip: args([A('IPADDR', ip())], 'Source address of the VRRP adverts.', { default: 'primary address of the interface' }),
    unicast_src_ip: args([A('IPADDR', ip())], 'Source address of the unicast VRRP adverts.', { default: 'primary address of the interface' }),
    mcast_dst_ip: args([A('IPADDR', ip({ multicast: true }))], 'Multicast destination of the adverts of this instance.', { default: 'vrrp_mcast_group4/6' }),
    track_src_ip: flag('Go to FAULT if the configured source address does not exist or is removed.'),
    virtual_router_id: args([A('VRID', int(1, 255))], 'Virtual router id (1..255); must be the same on all routers of this instance and unique per interface and address family.'),
    unicast_ttl: args([A('TTL', int(0, 255))], 'TTL / hop limit of unicast adverts.'),
    version: args([A('VERSION', enumCS('2', '3'))], 'VRRP version of this instance.', { default: 'global vrrp_version (IPv6 always 3)' }),
    priority: args([A('PRIORITY', int(1, 255))], 'Priority for the master election (highest wins); 255 means address owner.', { default: '100 (255 with state MASTER and no priority)' }),
    advert_int: args([A('SECS', secs(0.01, 255))], 'Advert interval in seconds (decimal); VRRPv2 rounds to whole seconds, VRRPv3 uses 10 ms units below 40.96 s.', { default: '1' }),
    virtual_ipaddress: vblock('vip', 'Virtual IP addresses added on MASTER and removed on BACKUP (all of one family, sent in adverts).'),
    virtual_ipaddress_excluded: vblock('vip', 'Virtual IP addresses managed like virtual_ipaddress but not sent in adverts (may mix families).'),
    no_virtual_ipaddress: flag('Allow the instance to have no virtual IP addresses.'),
    promote_secondaries: flag('Set promote_secondaries on the interface so removing one address does not remove the others of its subnet.'),
    linkbeat_use_polling: flag('Poll the link state of the instance interface (deprecated: use a linkbeat_interfaces block).'),
    v3_checksum_as_v2: obool('Calculate the VRRPv3 checksum without the pseudo header, like VRRPv2.'),
    virtual_routes: vblock('route', 'Routes added on MASTER and removed on BACKUP (ip route syntax).'),
    virtual_rules: vblock('rule', 'Policy routing rules added on MASTER and removed on BACKUP (ip rule syntax).'),
    accept: flag('Accept packets addressed to the VIPs when not the address owner (VRRPv3 accept mode).'),
    no_accept: flag('Drop packets addressed to the VIPs when not the address owner (uses iptables/nftables).'),
    skip_check_adv_addr: obool('Skip checking the addresses of adverts from the same master as the previous advert.', { default: 'global vrrp_skip_check_adv_addr' }),
    strict_mode: obool('Enforce strict VRRP compliance for this instance.', { default: 'global vrrp_strict' }),
    preempt: flag('Allow preemption (the default; kept for backward compatibility).'),
    nopreempt: flag('Do not preempt a lower priority master; the initial state must not be MASTER.'),
    preempt_delay: args([A('SECS', secs(0, 1000))], 'Seconds (0..1000, decimal) to delay preemption at startup or when seeing a lower priority master.', { default: '0' }),
    debug: args([A('LEVEL', int(0, 4))], 'Debug level (not implemented).'),
    notify_backup: scriptLine('Script run on transition to BACKUP.'),
    notify_master: scriptLine('Script run on transition to MASTER.'),
    notify_fault: scriptLine('Script run on transition to FAULT.'),
    notify_stop: scriptLine('Script run when VRRP stops.'),
    notify_deleted: scriptLineOpt('Send DELETED rather than FAULT to notifies when the instance is removed by a reload, optionally running a script.'),
    notify: scriptLine('Script run on any state transition, with INSTANCE, name, state and priority appended as arguments.'),
    notify_master_rx_lower_pri: scriptLine('Script run when a master receives an advert with a lower priority.'),
    smtp_alert: obool('Send email on state transitions.', { default: 'global smtp_alert/smtp_alert_vrrp' }),
    notify_priority_changes: obool('Send priority change notifications on the notify FIFOs.'),
    lvs_sync_daemon_interface: args([A('IFNAME', ifname)], 'Interface of the IPVS sync daemon (deprecated: use lvs_sync_daemon in global_defs).'),
    garp_master_delay: args([A('SECS', int(0))], 'Delay in seconds for the second set of gratuitous ARPs after becoming MASTER.', { default: 'global vrrp_garp_master_delay (5)' }),
    garp_master_refresh: args([A('SECS', int(0))], 'Interval in seconds for refreshing gratuitous ARPs while MASTER (0 = no refresh).', { default: 'global vrrp_garp_master_refresh (0)' }),
    garp_master_repeat: args([A('COUNT', int(1))], 'Number of gratuitous ARPs sent at a time after becoming MASTER.', { default: 'global vrrp_garp_master_repeat (5)' }),
    garp_master_refresh_repeat: args([A('COUNT', int(1))], 'Number of gratuitous ARPs sent at a time on each refresh.', { default: 'global vrrp_garp_master_refresh_repeat (1)' }),
    garp_lower_prio_delay: args([A('SECS', int(0))], 'Delay for the second set of gratuitous ARPs after a lower priority advert is received while MASTER.'),
    garp_lower_prio_repeat: args([A('COUNT', int(0))], 'Number of gratuitous ARPs sent after a lower priority advert is received while MASTER.'),
    down_timer_adverts: args([A('COUNT', int(1, 100))], 'Number of advert intervals a backup waits before becoming MASTER.', { default: '3' }),
    timer_expired_backup: args([O('PRIORITY', int(1, 254))], 'When the master-down timer expires, wait as if the highest other priority were PRIORITY before taking over.', { default: '254' }),
    thread_timer_expired: args([O('PRIORITY', int(1, 254))], 'Spelling of timer_expired_backup (deprecated).', { synonymOf: 'timer_expired_backup' }),
    garp_extra_if: free([O('all|SECS', any)], 'Send periodic gratuitous ARP/NA every SECS (0..86400, 0 disables) on VIP interfaces other than the instance interface.'),
    vmac_garp_intvl: free([O('all|SECS', any)], 'Deprecated spelling of garp_extra_if.', { synonymOf: 'garp_extra_if' }),
    lower_prio_no_advert: obool('Do not send an advert when a lower priority advert is received.', { default: 'global vrrp_lower_prio_no_advert' }),
    higher_prio_send_advert: obool('When MASTER and a higher priority advert arrives, send one advert before becoming BACKUP.', { default: 'global vrrp_higher_prio_send_advert' }),
    owner_ignore_adverts: obool('As address owner (priority 255), ignore adverts from other routers.', { default: 'global vrrp_owner_ignore_adverts' }),
    kernel_rx_buf_size: args([O('BYTES', int(0))], 'Socket receive buffer size for this instance (see vrrp_rx_bufs_policy).'),
    authentication: block('VRRPv2 authentication (removed from the RFCs; avoid except with unicast).'),
    auth_hmac: block('HMAC-SHA256 authentication of adverts (any VRRP version, unicast or multicast).'),
  },

  'vrrp_instance/auth_hmac': {
    key: free([O('ID', int(1, 255)), O('VALUE', any)], 'Key ID (1..255) and key of 32..64 bytes, given inline, as hex:..., or file:PATH; several keys allow rotation.'),
    active_key: args([O('ID', int(1, 255))], 'ID of the key used to sign outgoing adverts.'),
    time_window: args([O('SECS', int(1, 300))], 'Accepted clock difference / freshness window in seconds.'),
    anti_replay: args([O('MODE', enumCS('time', 'monotonic'))], 'Sequence number source for replay protection.'),
    mode: args([O('MODE', enumCS('enforce', 'permissive', 'receive-only'))], 'enforce drops unauthenticated adverts; permissive only counts them (migration); receive-only verifies but does not sign.'),
  },

  'vrrp_instance/authentication': {
    auth_type: args([A('TYPE', enumCS('PASS', 'AH'))], 'Authentication type: PASS (simple password) or AH (IPsec AH); not with VRRPv3 or strict mode.'),
    auth_pass: args([A('PASSWORD', str(8))], 'Password; only the first 8 characters are used and it must match on all peers.'),
  },

  vrrp_script: {
    script: free([O('COMMAND', script)], 'Command to run (quoted with its arguments); exit status 0 is success.'),
    interval: args([A('SECS', secs(0.001))], 'Seconds between script runs.', { default: '1' }),
    timeout: args([A('SECS', secs(0))], 'Seconds after which a running script is considered failed.'),
    weight: args([A('WEIGHT', int(-253, 253)), O('reverse', enumCS('reverse'))], 'Priority adjustment: positive is added when the script succeeds, negative subtracted when it fails; 0 = FAULT on failure. reverse inverts the direction.', { default: '0' }),
    rise: args([A('COUNT', int(1))], 'Consecutive successes needed for an OK transition.', { default: '1' }),
    fall: args([A('COUNT', int(1))], 'Consecutive failures needed for a KO transition.', { default: '1' }),
    user: args([O('USERNAME', str()), O('GROUPNAME', str())], 'User (and group) the script runs as.', { default: 'global script_user' }),
    init_fail: flag('Assume the script is initially in the failed state.'),
  },

  vrrp_sync_group: {
    group: vblock('names', 'The vrrp instances of this sync group.', { valueRef: 'vrrp_instance' }),
    track_interface: vblock('track_interface', 'Interfaces tracked by all members of the group.'),
    track_script: vblock('track_ref', 'vrrp_script entries tracked by all members of the group.', { valueRef: 'vrrp_script' }),
    track_file: vblock('track_ref', 'track_file entries tracked by all members of the group.', { valueRef: 'track_file' }),
    track_process: vblock('track_ref', 'vrrp_track_process entries tracked by all members of the group.', { valueRef: 'vrrp_track_process' }),
    track_bfd: vblock('track_ref', 'bfd_instance entries tracked by all members of the group.', { valueRef: 'bfd_instance' }),
    notify_backup: scriptLine('Script run when the group transitions to BACKUP.'),
    notify_master: scriptLine('Script run when the group transitions to MASTER.'),
    notify_fault: scriptLine('Script run when the group transitions to FAULT.'),
    notify_stop: scriptLine('Script run when VRRP stops.'),
    notify: scriptLine('Script run on any group transition, with GROUP, name, state and priority appended as arguments.'),
    smtp_alert: obool('Send email on group state transitions.', { default: 'global smtp_alert/smtp_alert_vrrp' }),
    global_tracking: flag('Deprecated: allow differing tracking weights in the group (use track_* on the sync group or sync_group_tracking_weight).'),
    sync_group_tracking_weight: flag('Allow member instances to use tracking weights (they are otherwise forced to 0).'),
    notify_priority_changes: obool('Send priority change notifications for the group on the notify FIFOs.'),
  },

  vrrp_track_process: {
    process: free([A('PROCESS', str())], 'Process name (or path) to monitor, optionally followed by its parameters.'),
    param_match: args([O('MATCH', enumCS('initial', 'partial'))], 'How parameters are matched: exact without value, partial (the first n match exactly) or initial (the last may be longer).'),
    weight: args([O('WEIGHT', int(-254, 254)), O('reverse', enumCS('reverse'))], 'Priority adjustment while the quorum is (positive) or is not (negative) met; reverse inverts the direction.', { default: '1' }),
    quorum: args([A('COUNT', int(1, 65535))], 'Minimum number of matching processes for success.', { default: '1' }),
    quorum_max: args([A('COUNT', int(0, 65535))], 'Maximum number of matching processes for success (0 = failure if any runs).'),
    delay: args([A('SECS', secs(0, 3600, true))], 'Sets both fork_delay and terminate_delay, in seconds (decimal).'),
    terminate_delay: args([A('SECS', secs(0, 3600, true))], 'Delay in seconds after the quorum is lost before the process is considered down.'),
    fork_delay: args([A('SECS', secs(0, 3600, true))], 'Delay in seconds after the quorum is gained by a fork before the process is considered up.'),
    full_command: flag('Match against the full command line (/proc/PID/cmdline) instead of the process name.'),
  },
};

// Deprecation advice where the dump's replacement is not a plain keyword name (gen-schema derives the others).
export const DEPRECATION_ADVICE = {
  vrrp_instance: {
    native_ipv6: { advice: 'Deprecated: the address family is taken from the virtual IP addresses; remove native_ipv6.' },
    linkbeat_use_polling: { replacement: 'linkbeat_interfaces', advice: 'Deprecated in vrrp_instance: list the interface in a top-level linkbeat_interfaces block instead.' },
    lvs_sync_daemon_interface: { replacement: 'lvs_sync_daemon', advice: 'Deprecated: configure lvs_sync_daemon in global_defs instead.' },
  },
  vrrp_sync_group: {
    global_tracking: { advice: 'Deprecated: configure track_interface/track_script/track_file on the vrrp_sync_group instead (or use sync_group_tracking_weight).' },
  },
  'virtual_server/real_server/SMTP_CHECK': {
    host: { advice: 'Deprecated: define one SMTP_CHECK block per host instead of host sub-blocks.' },
  },
};
