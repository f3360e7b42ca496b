package io.lanes.broker.handlers.admin;

import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.DeleteAclsRequestData.DeleteAclsFilter;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/** The ACL binding filters of DescribeAcls and DeleteAcls requests, as kafka-clients builds them. Stateless. */
final class AclFilters {
    private AclFilters() {
    }

    static AclBindingFilter of(DescribeAclsRequestData d) {
        return filter(d.resourceTypeFilter(), d.resourceNameFilter(), d.patternTypeFilter(), d.principalFilter(),
                d.hostFilter(), d.operation(), d.permissionType());
    }

    static AclBindingFilter of(DeleteAclsFilter d) {
        return filter(d.resourceTypeFilter(), d.resourceNameFilter(), d.patternTypeFilter(), d.principalFilter(),
                d.hostFilter(), d.operation(), d.permissionType());
    }

    private static AclBindingFilter filter(byte resourceType, String name, byte patternType, String principal,
                                           String host, byte operation, byte permission) {
        return new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.fromCode(resourceType), name, PatternType.fromCode(patternType)),
                new AccessControlEntryFilter(principal, host, AclOperation.fromCode(operation),
                        AclPermissionType.fromCode(permission)));
    }
}
