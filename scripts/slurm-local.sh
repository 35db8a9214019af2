#!/usr/bin/env bash
# A real single-node Slurm for tests and local mode: Debian's slurm-wlm + munge on this host.
#
#   bash scripts/slurm-local.sh up       install if missing, configure, start, wait until the node is idle
#   bash scripts/slurm-local.sh status   exit 0 when the cluster answers and the node is usable
#   bash scripts/slurm-local.sh down     stop the daemons this script started (by pid file)
#
# Runs as root. Idempotent: `up` reuses a cluster that already answers. It stops only the
# processes whose pid files it wrote, never by pattern. It refuses to overwrite a slurm.conf
# it did not write, so it cannot clobber a real cluster's configuration.
set -euo pipefail

RUN_DIR=/run/slurm-chatops
CONF=/etc/slurm/slurm.conf
MARKER='# written by slurm-chatops scripts/slurm-local.sh'
STATE_DIR=/var/lib/slurm/slurmctld
SPOOL_DIR=/var/lib/slurm/slurmd
LOG_DIR=/var/log/slurm-chatops
TEST_USERS=(alice bob carol)
# Finished jobs stay visible this long; the bot's "not found" message quotes it.
MIN_JOB_AGE=300
# More CPUs than the machine has, so tests can keep several jobs running at once on 2 cores.
NODE_CPUS=16
NODE_MEMORY_MB=16000

log() { printf 'slurm-local: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

alive() { # pidfile -> 0 when the process in it runs
  local pid
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then
    return
  fi
  log "installing slurm-wlm and munge from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurm-wlm munge curl >/dev/null
}

create_users() {
  local u
  for u in "${TEST_USERS[@]}"; do
    id "$u" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$u"
  done
}

write_config() {
  local host
  host=$(hostname -s)
  if [[ -f $CONF ]] && ! grep -qF "$MARKER" "$CONF"; then
    die "$CONF exists and was not written by this script; refusing to overwrite it"
  fi
  mkdir -p /etc/slurm "$RUN_DIR" "$LOG_DIR" "$STATE_DIR" "$SPOOL_DIR"
  chown slurm:slurm "$STATE_DIR" "$LOG_DIR"
  cat >"$CONF.tmp" <<EOF
$MARKER
ClusterName=local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SPOOL_DIR
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd.pid
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
MinJobAge=$MIN_JOB_AGE
# Refuse at submit time what a partition cannot run, so users see Slurm's reason instead of a job pending forever.
EnforcePartLimits=ALL
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
MaxJobCount=100000
SlurmctldTimeout=30
SlurmdTimeout=60
NodeName=$host NodeAddr=127.0.0.1 CPUs=$NODE_CPUS RealMemory=$NODE_MEMORY_MB State=UNKNOWN
PartitionName=compute Nodes=$host Default=YES MaxTime=INFINITE State=UP
PartitionName=debug Nodes=$host MaxTime=30 State=UP
EOF
  if [[ -f $CONF ]] && cmp -s "$CONF" "$CONF.tmp"; then
    rm -f "$CONF.tmp"
    return 1
  fi
  mv "$CONF.tmp" "$CONF"
  return 0
}

start_munge() {
  if alive /run/munge/munged.pid && munge -n </dev/null | unmunge >/dev/null 2>&1; then
    return
  fi
  install -d -o munge -g munge -m 0755 /run/munge
  if [[ ! -s /etc/munge/munge.key ]]; then
    log "creating a munge key"
    install -d -o munge -g munge -m 0700 /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
  fi
  rm -f /run/munge/munged.pid
  runuser -u munge -- /usr/sbin/munged
  munge -n </dev/null | unmunge >/dev/null || die "munged started but does not answer"
}

start_daemons() {
  if ! alive "$RUN_DIR/slurmctld.pid"; then
    # -c: a clean slate; state saved by an earlier run (jobs of old tests) is discarded.
    rm -f "$RUN_DIR/slurmctld.pid"
    /usr/sbin/slurmctld -c
  fi
  if ! alive "$RUN_DIR/slurmd.pid"; then
    rm -f "$RUN_DIR/slurmd.pid"
    /usr/sbin/slurmd
  fi
}

node_state() {
  sinfo --noheader --Node --format=%t 2>/dev/null | head -n 1
}

wait_until_idle() {
  local state i
  for ((i = 0; i < 120; i++)); do
    state=$(node_state || true)
    case $state in
      idle | mix | alloc) return 0 ;;
      down* | drain* | drng*) scontrol update NodeName="$(hostname -s)" State=RESUME >/dev/null 2>&1 || true ;;
    esac
    sleep 0.5
  done
  log "the node did not become idle (state: ${state:-none}); logs in $LOG_DIR"
  tail -n 20 "$LOG_DIR/slurmctld.log" "$LOG_DIR/slurmd.log" >&2 || true
  return 1
}

status() {
  alive "$RUN_DIR/slurmctld.pid" && alive "$RUN_DIR/slurmd.pid" || return 1
  scontrol ping 2>/dev/null | grep -q 'is UP' || return 1
  case $(node_state) in idle | mix | alloc) return 0 ;; *) return 1 ;; esac
}

stop_pidfile() {
  local pidfile=$1 pid i
  alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid=$(<"$pidfile")
  kill "$pid"
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  rm -f "$pidfile"
}

up() {
  [[ $(id -u) -eq 0 ]] || die "run as root (it installs packages, creates users and starts daemons)"
  install_packages
  create_users
  local changed=0
  write_config && changed=1
  if [[ $changed -eq 0 ]] && status; then
    log "already up: $(sinfo --noheader --format='%P %a %D %t' | tr '\n' ' ')"
    return 0
  fi
  if [[ $changed -eq 1 ]]; then
    stop_pidfile "$RUN_DIR/slurmd.pid"
    stop_pidfile "$RUN_DIR/slurmctld.pid"
  fi
  start_munge
  start_daemons
  wait_until_idle || die "Slurm did not come up"
  log "up: $(sinfo --noheader --format='%P %a %D %t' | tr '\n' ' ')"
}

down() {
  stop_pidfile "$RUN_DIR/slurmd.pid"
  stop_pidfile "$RUN_DIR/slurmctld.pid"
  log "stopped slurmd and slurmctld (munged is left running: other software may use it)"
}

case ${1:-} in
  up) up ;;
  down) down ;;
  status)
    if status; then log "up"; else log "not running"; exit 1; fi
    ;;
  *) die "usage: $0 up|down|status" ;;
esac
