"""librdkafka's C Admin API through ctypes, for the Admin calls Debian's python3-confluent-kafka (1.7) has
no binding for: DescribeCluster, ListOffsets (librdkafka >= 2.3), ListConsumerGroups, DescribeConsumerGroups
(>= 2.0) and DeleteRecords (>= 1.6). Today's confluent-kafka-python, Go and .NET clients wrap exactly these C
functions. The library is the one the dynamic loader resolves for librdkafka.so.1 (LD_LIBRARY_PATH), the same
one confluent_kafka loaded in this process. Not thread-safe: one admin handle per caller.
"""
import ctypes
from ctypes import POINTER, byref, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint16, c_void_p

lib = ctypes.CDLL('librdkafka.so.1')


class TopicPartition(ctypes.Structure):
    _fields_ = [('topic', c_char_p), ('partition', c_int32), ('offset', c_int64), ('metadata', c_void_p),
                ('metadata_size', c_size_t), ('opaque', c_void_p), ('err', c_int), ('_private', c_void_p)]


class TopicPartitionList(ctypes.Structure):
    _fields_ = [('cnt', c_int), ('size', c_int), ('elems', POINTER(TopicPartition))]


def _fn(name, restype, *argtypes):
    if not hasattr(lib, name):
        return None
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_version_str = _fn('rd_kafka_version_str', c_char_p)
_conf_new = _fn('rd_kafka_conf_new', c_void_p)
_conf_set = _fn('rd_kafka_conf_set', c_int, c_void_p, c_char_p, c_char_p, c_char_p, c_size_t)
_new = _fn('rd_kafka_new', c_void_p, c_int, c_void_p, c_char_p, c_size_t)
_destroy = _fn('rd_kafka_destroy', None, c_void_p)
_queue_new = _fn('rd_kafka_queue_new', c_void_p, c_void_p)
_queue_destroy = _fn('rd_kafka_queue_destroy', None, c_void_p)
_queue_poll = _fn('rd_kafka_queue_poll', c_void_p, c_void_p, c_int)
_event_destroy = _fn('rd_kafka_event_destroy', None, c_void_p)
_event_error = _fn('rd_kafka_event_error', c_int, c_void_p)
_event_error_string = _fn('rd_kafka_event_error_string', c_char_p, c_void_p)
_err2name = _fn('rd_kafka_err2name', c_char_p, c_int)
_error_code = _fn('rd_kafka_error_code', c_int, c_void_p)
_options_new = _fn('rd_kafka_AdminOptions_new', c_void_p, c_void_p, c_int)
_options_destroy = _fn('rd_kafka_AdminOptions_destroy', None, c_void_p)
_tpl_new = _fn('rd_kafka_topic_partition_list_new', POINTER(TopicPartitionList), c_int)
_tpl_add = _fn('rd_kafka_topic_partition_list_add', POINTER(TopicPartition), POINTER(TopicPartitionList),
               c_char_p, c_int32)
_tpl_destroy = _fn('rd_kafka_topic_partition_list_destroy', None, POINTER(TopicPartitionList))
_node_id = _fn('rd_kafka_Node_id', c_int, c_void_p)
_node_host = _fn('rd_kafka_Node_host', c_char_p, c_void_p)
_node_port = _fn('rd_kafka_Node_port', c_uint16, c_void_p)
_state_name = _fn('rd_kafka_consumer_group_state_name', c_char_p, c_int)
_type_name = _fn('rd_kafka_consumer_group_type_name', c_char_p, c_int)

RD_KAFKA_PRODUCER = 0
ADMIN_OP_ANY = 0
OFFSET_SPEC = {'earliest': -2, 'latest': -1, 'max_timestamp': -3}


def version():
    return _version_str().decode()


def supports(name):
    """Whether the loaded librdkafka exports the C function {@code rd_kafka_<name>}."""
    return hasattr(lib, 'rd_kafka_' + name)


def _s(value):
    return value.decode() if value is not None else None


def _node(node):
    return (_node_id(node), _s(_node_host(node)), _node_port(node)) if node else None


class AdminError(Exception):
    def __init__(self, code, message):
        super().__init__('%s: %s' % (code, message))
        self.code = code


class Admin:
    """A librdkafka producer handle used only for Admin requests, and its result queue."""

    def __init__(self, bootstrap):
        conf = _conf_new()
        errstr = ctypes.create_string_buffer(512)
        if _conf_set(conf, b'bootstrap.servers', bootstrap.encode(), errstr, len(errstr)) != 0:
            raise RuntimeError(errstr.value.decode())
        self.rk = _new(RD_KAFKA_PRODUCER, conf, errstr, len(errstr))
        if not self.rk:
            raise RuntimeError(errstr.value.decode())
        self.queue = _queue_new(self.rk)

    def close(self):
        _queue_destroy(self.queue)
        _destroy(self.rk)

    def _call(self, result_name, start, timeout_s=30):
        """Starts one Admin request with {@code start(options)} and returns its (event, typed result)."""
        options = _options_new(self.rk, ADMIN_OP_ANY)
        try:
            start(options)
            event = _queue_poll(self.queue, int(timeout_s * 1000))
        finally:
            _options_destroy(options)
        if not event:
            raise AdminError('_TIMED_OUT', 'no %s result within %s s' % (result_name, timeout_s))
        err = _event_error(event)
        if err != 0:
            message = _s(_event_error_string(event))
            _event_destroy(event)
            raise AdminError(_s(_err2name(err)), message)
        getter = _fn('rd_kafka_event_%s_result' % result_name, c_void_p, c_void_p)
        return event, getter(event)

    def describe_cluster(self):
        """(cluster id, controller (id, host, port), [(id, host, port)])"""
        _fn('rd_kafka_DescribeCluster', None, c_void_p, c_void_p, c_void_p)
        event, result = self._call('DescribeCluster', lambda o: lib.rd_kafka_DescribeCluster(self.rk, o, self.queue))
        try:
            cluster_id = _s(_fn('rd_kafka_DescribeCluster_result_cluster_id', c_char_p, c_void_p)(result))
            controller = _node(_fn('rd_kafka_DescribeCluster_result_controller', c_void_p, c_void_p)(result))
            count = c_size_t()
            nodes = _fn('rd_kafka_DescribeCluster_result_nodes', POINTER(c_void_p), c_void_p,
                        POINTER(c_size_t))(result, byref(count))
            return cluster_id, controller, [_node(nodes[i]) for i in range(count.value)]
        finally:
            _event_destroy(event)

    def list_offsets(self, topic, partition, spec):
        """(offset, timestamp) for an offset spec ('earliest', 'latest', 'max_timestamp') or a timestamp (int)."""
        _fn('rd_kafka_ListOffsets', None, c_void_p, POINTER(TopicPartitionList), c_void_p, c_void_p)
        tpl = _tpl_new(1)
        _tpl_add(tpl, topic.encode(), partition).contents.offset = OFFSET_SPEC.get(spec, spec)
        try:
            event, result = self._call('ListOffsets',
                                       lambda o: lib.rd_kafka_ListOffsets(self.rk, tpl, o, self.queue))
        finally:
            _tpl_destroy(tpl)
        try:
            count = c_size_t()
            infos = _fn('rd_kafka_ListOffsets_result_infos', POINTER(c_void_p), c_void_p,
                        POINTER(c_size_t))(result, byref(count))
            info = infos[0]
            tp = _fn('rd_kafka_ListOffsetsResultInfo_topic_partition', POINTER(TopicPartition), c_void_p)(info)
            if tp.contents.err != 0:
                raise AdminError(_s(_err2name(tp.contents.err)), 'ListOffsets %s-%d' % (topic, partition))
            timestamp = _fn('rd_kafka_ListOffsetsResultInfo_timestamp', c_int64, c_void_p)(info)
            return tp.contents.offset, timestamp
        finally:
            _event_destroy(event)

    def delete_records(self, topic, partition, before_offset):
        """The partition's low watermark after deleting the records before {@code before_offset}."""
        _fn('rd_kafka_DeleteRecords_new', c_void_p, POINTER(TopicPartitionList))
        _fn('rd_kafka_DeleteRecords_destroy', None, c_void_p)
        _fn('rd_kafka_DeleteRecords', None, c_void_p, POINTER(c_void_p), c_size_t, c_void_p, c_void_p)
        tpl = _tpl_new(1)
        _tpl_add(tpl, topic.encode(), partition).contents.offset = before_offset
        request = lib.rd_kafka_DeleteRecords_new(tpl)
        _tpl_destroy(tpl)
        requests = (c_void_p * 1)(request)
        try:
            event, result = self._call('DeleteRecords',
                                       lambda o: lib.rd_kafka_DeleteRecords(self.rk, requests, 1, o, self.queue))
        finally:
            lib.rd_kafka_DeleteRecords_destroy(request)
        try:
            offsets = _fn('rd_kafka_DeleteRecords_result_offsets', POINTER(TopicPartitionList), c_void_p)(result)
            tp = offsets.contents.elems[0]
            if tp.err != 0:
                raise AdminError(_s(_err2name(tp.err)), 'DeleteRecords %s-%d' % (topic, partition))
            return tp.offset
        finally:
            _event_destroy(event)

    def list_consumer_groups(self):
        """[(group id, state, type or None when this librdkafka has no group types, is simple)]"""
        _fn('rd_kafka_ListConsumerGroups', None, c_void_p, c_void_p, c_void_p)
        event, result = self._call('ListConsumerGroups',
                                   lambda o: lib.rd_kafka_ListConsumerGroups(self.rk, o, self.queue))
        try:
            count = c_size_t()
            groups = _fn('rd_kafka_ListConsumerGroups_result_valid', POINTER(c_void_p), c_void_p,
                         POINTER(c_size_t))(result, byref(count))
            listing_type = _fn('rd_kafka_ConsumerGroupListing_type', c_int, c_void_p)
            listed = []
            for i in range(count.value):
                g = groups[i]
                listed.append((
                    _s(_fn('rd_kafka_ConsumerGroupListing_group_id', c_char_p, c_void_p)(g)),
                    _s(_state_name(_fn('rd_kafka_ConsumerGroupListing_state', c_int, c_void_p)(g))),
                    _s(_type_name(listing_type(g))) if listing_type else None,
                    _fn('rd_kafka_ConsumerGroupListing_is_simple_consumer_group', c_int, c_void_p)(g) == 1))
            return listed
        finally:
            _event_destroy(event)

    def describe_consumer_group(self, group):
        """(state, type or None, assignor, coordinator, [(client id, host, [(topic, partition)])])"""
        _fn('rd_kafka_DescribeConsumerGroups', None, c_void_p, POINTER(c_char_p), c_size_t, c_void_p, c_void_p)
        names = (c_char_p * 1)(group.encode())
        event, result = self._call('DescribeConsumerGroups',
                                   lambda o: lib.rd_kafka_DescribeConsumerGroups(self.rk, names, 1, o, self.queue))
        try:
            count = c_size_t()
            g = _fn('rd_kafka_DescribeConsumerGroups_result_groups', POINTER(c_void_p), c_void_p,
                    POINTER(c_size_t))(result, byref(count))[0]
            error = _fn('rd_kafka_ConsumerGroupDescription_error', c_void_p, c_void_p)(g)
            if error:
                raise AdminError(_s(_err2name(_error_code(error))), 'DescribeConsumerGroups ' + group)
            description_type = _fn('rd_kafka_ConsumerGroupDescription_type', c_int, c_void_p)
            member = _fn('rd_kafka_ConsumerGroupDescription_member', c_void_p, c_void_p, c_size_t)
            members = []
            for i in range(_fn('rd_kafka_ConsumerGroupDescription_member_count', c_size_t, c_void_p)(g)):
                m = member(g, i)
                assignment = _fn('rd_kafka_MemberDescription_assignment', c_void_p, c_void_p)(m)
                tpl = _fn('rd_kafka_MemberAssignment_partitions', POINTER(TopicPartitionList), c_void_p)(assignment)
                partitions = [(_s(tpl.contents.elems[j].topic), tpl.contents.elems[j].partition)
                              for j in range(tpl.contents.cnt)] if tpl else []
                members.append((_s(_fn('rd_kafka_MemberDescription_client_id', c_char_p, c_void_p)(m)),
                                _s(_fn('rd_kafka_MemberDescription_host', c_char_p, c_void_p)(m)), partitions))
            return (_s(_state_name(_fn('rd_kafka_ConsumerGroupDescription_state', c_int, c_void_p)(g))),
                    _s(_type_name(description_type(g))) if description_type else None,
                    _s(_fn('rd_kafka_ConsumerGroupDescription_partition_assignor', c_char_p, c_void_p)(g)),
                    _node(_fn('rd_kafka_ConsumerGroupDescription_coordinator', c_void_p, c_void_p)(g)),
                    members)
        finally:
            _event_destroy(event)
